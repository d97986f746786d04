package com.execalc.local;

import com.execalc.audit.CloudWatchTenantLogWriters;
import com.execalc.audit.OperatorPolicies;
import com.execalc.tenancy.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit log policies, proved by IAM policy simulation: each tenant reaches its own audit log group only. */
class LogPoliciesSimulationTest {

    private static final String ACCOUNT = "123456789012";
    private static final String PREFIX = "arn:aws:logs:eu-west-1:" + ACCOUNT + ":log-group:/execalc/tenants";
    private static final String ACME_GROUP = PREFIX + "/acme/audit";
    private static final String GLOBEX_GROUP = PREFIX + "/globex/audit";
    private static final String OPERATOR = "arn:aws:sts::" + ACCOUNT + ":assumed-role/AcmeOperators/alice";
    private static final String SHIPPER = "arn:aws:sts::" + ACCOUNT + ":assumed-role/TenantLogWriter/acme.batch-1";

    private final IamSimulator simulator = new IamSimulator();

    private static IamSimulator.Request request(String id, String principal, String action, String resource,
                                                Map<String, Object> context) {
        return new IamSimulator.Request(id, principal, action, resource, context);
    }

    @Test
    void aTenantsOperators_shouldQueryTheirOwnAuditLogGroupOnly() {
        Map<String, IamSimulator.Result> results = simulator.evaluate(
                List.of(OperatorPolicies.forTenant(PREFIX, TenantId.of("acme"))), null, List.of(
                        request("own-query", OPERATOR, "logs:StartQuery", ACME_GROUP, Map.of()),
                        request("own-filter", OPERATOR, "logs:FilterLogEvents", ACME_GROUP, Map.of()),
                        request("other-query", OPERATOR, "logs:StartQuery", GLOBEX_GROUP, Map.of()),
                        request("other-filter", OPERATOR, "logs:FilterLogEvents", GLOBEX_GROUP, Map.of()),
                        request("other-events", OPERATOR, "logs:GetLogEvents", GLOBEX_GROUP + ":log-stream:x", Map.of()),
                        request("other-write", OPERATOR, "logs:PutLogEvents", ACME_GROUP + ":log-stream:x", Map.of()),
                        request("delete-own", OPERATOR, "logs:DeleteLogGroup", ACME_GROUP, Map.of())));

        assertThat(results.get("own-query").allowed()).as(results.get("own-query").toString()).isTrue();
        assertThat(results.get("own-filter").allowed()).isTrue();
        for (String denied : List.of("other-query", "other-filter", "other-events", "other-write", "delete-own")) {
            assertThat(results.get(denied).allowed()).as(denied + ": " + results.get(denied)).isFalse();
            assertThat(results.get(denied).failedClosed()).as(denied).isFalse();
        }
    }

    @Test
    void theOperatorTemplate_shouldPinTheGroupToTheCallersTenantTag() {
        Map<String, IamSimulator.Result> results = simulator.evaluate(
                List.of(OperatorPolicies.template(PREFIX)), null, List.of(
                        request("own", OPERATOR, "logs:StartQuery", ACME_GROUP,
                                Map.of("aws:PrincipalTag/tenant_id", "acme")),
                        request("other", OPERATOR, "logs:StartQuery", GLOBEX_GROUP,
                                Map.of("aws:PrincipalTag/tenant_id", "acme")),
                        request("untagged", OPERATOR, "logs:StartQuery", ACME_GROUP, Map.of())));

        assertThat(results.get("own").allowed()).as(results.get("own").toString()).isTrue();
        assertThat(results.get("other").allowed()).isFalse();
        assertThat(results.get("untagged").allowed()).isFalse();
    }

    @Test
    void theShippersSessionPolicy_shouldWriteTheTenantsOwnGroupOnly() throws Exception {
        JsonNode session = new ObjectMapper().readTree(
                CloudWatchTenantLogWriters.sessionPolicy("/execalc/tenants", TenantId.of("acme")));
        JsonNode wideRole = new ObjectMapper().readTree("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                 "Action":["logs:CreateLogStream","logs:PutLogEvents","logs:PutRetentionPolicy"],
                 "Resource":"arn:aws:logs:*:*:log-group:/execalc/tenants/*"}]}""");

        Map<String, IamSimulator.Result> results = simulator.evaluate(List.of(wideRole), session, List.of(
                request("own-put", SHIPPER, "logs:PutLogEvents", ACME_GROUP + ":log-stream:audit-2026-11-27", Map.of()),
                request("own-stream", SHIPPER, "logs:CreateLogStream", ACME_GROUP + ":log-stream:audit-2026-11-27",
                        Map.of()),
                request("other-put", SHIPPER, "logs:PutLogEvents", GLOBEX_GROUP + ":log-stream:audit-2026-11-27",
                        Map.of()),
                request("other-retention", SHIPPER, "logs:PutRetentionPolicy", GLOBEX_GROUP, Map.of())));

        assertThat(results.get("own-put").allowed()).as(results.get("own-put").toString()).isTrue();
        assertThat(results.get("own-stream").allowed()).isTrue();
        assertThat(results.get("other-put").allowed()).isFalse();
        assertThat(results.get("other-retention").allowed()).isFalse();
    }
}
