package com.execalc.local.emulator;

import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The tenant-access checks against LocalStack with {@code ENFORCE_IAM=1}, so that STS session policies, session tags
 * and {@code dynamodb:LeadingKeys} are evaluated by LocalStack's IAM policy engine. Needs {@code LOCALSTACK_AUTH_TOKEN}
 * (one image that requires a token since March 2026; IAM enforcement is part of its paid plans). The image is
 * {@value #DEFAULT_IMAGE} unless {@code -Dlocalstack.image=...} names another (pin one for CI).
 */
@ExtendWith({RequiresLocalStackToken.class, RequiresDocker.class})
class LocalStackIsolationTest extends TenantAccessContract {

    static final String DEFAULT_IMAGE = "localstack/localstack:latest";

    private LocalStackContainer localstack;

    @Override
    Emulator startEmulator() {
        DockerImageName image = DockerImageName.parse(System.getProperty("localstack.image", DEFAULT_IMAGE))
                .asCompatibleSubstituteFor("localstack/localstack");
        localstack = new LocalStackContainer(image)
                .withServices("dynamodb", "iam", "sts")
                .withEnv(RequiresLocalStackToken.TOKEN, System.getenv(RequiresLocalStackToken.TOKEN))
                .withEnv("ENFORCE_IAM", "1");
        localstack.start();
        return new Emulator("LocalStack", localstack.getEndpoint(), localstack.getRegion(), localstack.getAccessKey(),
                localstack.getSecretKey());
    }

    @Override
    void stopEmulator() {
        if (localstack != null) {
            localstack.stop();
        }
    }
}
