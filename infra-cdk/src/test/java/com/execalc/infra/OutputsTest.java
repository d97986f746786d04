package com.execalc.infra;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The stack outputs that docs/DEPLOY.md tells an operator to read after a deployment. */
class OutputsTest {

    private final Synthesized app = Synthesized.defaults();

    @Test
    void theStack_shouldOutputWhatOnboardingAndSamNeed() {
        List<String> outputs = new ArrayList<>();
        app.json().path("Outputs").fieldNames().forEachRemaining(outputs::add);

        assertThat(outputs).contains("ApiUrl", "JwtIssuer", "JwtAudience", "UserPoolId", "TenantRegistryTableName",
                "TenantDataTableArn", "AuditTableArn", "TenantAccessRoleArn", "TenantAuditAccessRoleArn", "TenantLogWriterRoleArn",
                "TenantAuditReaderPolicyArn", "UsagePlanIdStandard", "UsagePlanIdPremium",
                "AuditShipperFailureQueueUrl", "TenancyMode");
    }

    @Test
    void noOutput_shouldShareALogicalIdWithAResource_whichCloudFormationRejects() {
        List<String> outputs = new ArrayList<>();
        app.json().path("Outputs").fieldNames().forEachRemaining(outputs::add);

        assertThat(outputs).doesNotContainAnyElementsOf(app.json().path("Resources")::fieldNames);
    }
}
