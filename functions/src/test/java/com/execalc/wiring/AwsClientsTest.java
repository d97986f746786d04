package com.execalc.wiring;

import com.execalc.access.StsTenantCredentials;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which credentials rules each function's tenant access gets, and how every client is bounded (nothing is called). */
class AwsClientsTest {

    private final Configuration deployed = Configuration.of(Map.of(
            Setting.AWS_REGION.variable(), "eu-west-1",
            Setting.DATA_TABLE_ARN.variable(), "arn:aws:dynamodb:eu-west-1:123456789012:table/data",
            Setting.AUDIT_TABLE_ARN.variable(), "arn:aws:dynamodb:eu-west-1:123456789012:table/audit",
            Setting.TENANT_ACCESS_ROLE_ARN.variable(), "arn:aws:iam::123456789012:role/audit-access"));

    @Test
    void theAuthorizersAuditAccess_shouldKeepEachTenantsSession_forItsNextDenials() {
        assertThat(AwsClients.of(deployed).tenantAuditAccess().credentials())
                .isInstanceOfSatisfying(StsTenantCredentials.class, sts ->
                        assertThat(sts.reuse()).isEqualTo(StsTenantCredentials.Reuse.PER_TENANT));
    }

    @Test
    void theTenantApisAccess_shouldKeepSessionsOnlyInAnEnvironmentIsolatedForTheirTenant() {
        assertThat(AwsClients.of(deployed).tenantAccess().credentials())
                .isInstanceOfSatisfying(StsTenantCredentials.class, sts ->
                        assertThat(sts.reuse()).isEqualTo(StsTenantCredentials.Reuse.ISOLATED_ENVIRONMENT));
    }

    @Test
    void everyClient_shouldRetryAtMostThreeTimes_withinTimeoutsPerAttemptAndPerCall() {
        AwsClients clients = AwsClients.of(deployed);
        List<SdkClient> all = List.of(clients.platformDynamoDb(), clients.tenantDynamoDb(), clients.sts(),
                clients.logs(), clients.apiGateway());

        for (SdkClient client : all) {
            ClientOverrideConfiguration override = client.serviceClientConfiguration().overrideConfiguration();
            assertThat(override.apiCallAttemptTimeout()).as(client.serviceName()).contains(Duration.ofSeconds(2));
            assertThat(override.apiCallTimeout()).as(client.serviceName()).contains(Duration.ofSeconds(6));
            assertThat(override.retryStrategy()).as(client.serviceName())
                    .hasValueSatisfying(strategy -> assertThat(strategy.maxAttempts()).isEqualTo(3));
        }
    }
}
