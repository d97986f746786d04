package com.execalc.local.emulator;

import io.floci.testcontainers.FlociContainer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.utility.DockerImageName;

import java.net.URI;

/**
 * The tenant-access checks against Floci with IAM enforcement on ({@code FLOCI_SERVICES_IAM_ENFORCEMENT_ENABLED}), so
 * that STS session policies, session tags and {@code dynamodb:LeadingKeys} are evaluated by Floci's policy engine.
 * The image is {@value #DEFAULT_IMAGE} unless {@code -Dfloci.image=...} names another (pin one for CI).
 */
@ExtendWith(RequiresDocker.class)
class FlociIsolationTest extends TenantAccessContract {

    static final String DEFAULT_IMAGE = "floci/floci:latest";

    private FlociContainer floci;

    @Override
    Emulator startEmulator() {
        DockerImageName image = DockerImageName.parse(System.getProperty("floci.image", DEFAULT_IMAGE))
                .asCompatibleSubstituteFor("floci/floci");
        floci = new FlociContainer(image)
                .withIamConfig(iam -> iam.enabled(true).enforcementEnabled(true));
        floci.start();
        return new Emulator("Floci", URI.create(floci.getEndpoint()), floci.getRegion(), floci.getAccessKey(),
                floci.getSecretKey());
    }

    @Override
    void stopEmulator() {
        if (floci != null) {
            floci.stop();
        }
    }
}
