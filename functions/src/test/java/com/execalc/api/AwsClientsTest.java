package com.execalc.api;

import com.execalc.access.StsTenantCredentials;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which credentials rules each function's tenant access gets, deployed (nothing is called here). */
class AwsClientsTest {

    private final Configuration deployed = Configuration.of(Map.of(
            "AWS_REGION", "eu-west-1",
            "DATA_TABLE_ARN", "arn:aws:dynamodb:eu-west-1:123456789012:table/data",
            "AUDIT_TABLE_ARN", "arn:aws:dynamodb:eu-west-1:123456789012:table/audit",
            "TENANT_ACCESS_ROLE_ARN", "arn:aws:iam::123456789012:role/audit-access"));

    @Test
    void theAuthorizersAuditAccess_shouldKeepEachTenantsSession_forItsNextDenials() {
        assertThat(AwsClients.tenantAuditAccess(deployed, AwsClients.httpClient()).credentials())
                .isInstanceOfSatisfying(StsTenantCredentials.class, sts ->
                        assertThat(sts.reuse()).isEqualTo(StsTenantCredentials.Reuse.PER_TENANT));
    }

    @Test
    void theTenantApisAccess_shouldKeepSessionsOnlyInAnEnvironmentIsolatedForTheirTenant() {
        assertThat(AwsClients.tenantAccess(deployed, AwsClients.httpClient()).credentials())
                .isInstanceOfSatisfying(StsTenantCredentials.class, sts ->
                        assertThat(sts.reuse()).isEqualTo(StsTenantCredentials.Reuse.ISOLATED_ENVIRONMENT));
    }
}
