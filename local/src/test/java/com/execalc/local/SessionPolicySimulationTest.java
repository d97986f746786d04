package com.execalc.local;

import com.execalc.access.SessionPolicy;
import com.execalc.access.Tables;
import com.execalc.access.TenantAccessPolicies;
import com.execalc.tenancy.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Layer 1, proved by IAM policy simulation: the generated session policy of tenant {@code acme}, intersected with the
 * tenant-access role's policy for a session tagged {@code tenant_id=acme}, allows acme's own keys and nothing else.
 * The in-process guard's evaluation of the same session policy must agree with the simulator on every case.
 */
class SessionPolicySimulationTest {

    private static final String ACCOUNT = "123456789012";
    private static final String DATA = "arn:aws:dynamodb:eu-west-1:" + ACCOUNT + ":table/execalc-data";
    private static final String AUDIT = "arn:aws:dynamodb:eu-west-1:" + ACCOUNT + ":table/execalc-audit";
    private static final String OTHER = "arn:aws:dynamodb:eu-west-1:" + ACCOUNT + ":table/execalc-tenants";
    private static final String SESSION = "arn:aws:sts::" + ACCOUNT + ":assumed-role/TenantAccess/acme.req-1";

    private static final Tables TABLES = new Tables(DATA, AUDIT);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, IamSimulator.Result> results;
    private static final List<Case> CASES = new ArrayList<>();

    /** A request and whether it must be allowed. */
    private record Case(String id, String action, String resource, List<String> leadingKeys, boolean allowed) {
    }

    private static void expect(String id, String action, String resource, List<String> leadingKeys, boolean allowed) {
        CASES.add(new Case(id, action, resource, leadingKeys, allowed));
    }

    @BeforeAll
    static void simulate() throws Exception {
        assertThat(IamSimulator.installed()).as("node_modules/@cloud-copilot/iam-simulate (npm ci)").isTrue();
        expect("own-get", "dynamodb:GetItem", DATA, List.of("acme"), true);
        expect("own-namespace-put", "dynamodb:PutItem", DATA, List.of("acme#orders"), true);
        expect("own-query", "dynamodb:Query", DATA, List.of("acme#orders"), true);
        expect("own-update", "dynamodb:UpdateItem", DATA, List.of("acme"), true);
        expect("own-delete", "dynamodb:DeleteItem", DATA, List.of("acme#orders"), true);
        expect("own-audit-put", "dynamodb:PutItem", AUDIT, List.of("acme"), true);
        expect("own-audit-query", "dynamodb:Query", AUDIT, List.of("acme"), true);
        expect("other-tenant-get", "dynamodb:GetItem", DATA, List.of("globex"), false);
        expect("other-tenant-namespace", "dynamodb:Query", DATA, List.of("globex#orders"), false);
        expect("prefix-lookalike", "dynamodb:GetItem", DATA, List.of("acme-corp"), false);
        expect("prefix-lookalike-namespace", "dynamodb:GetItem", DATA, List.of("acme-corp#orders"), false);
        expect("mixed-keys", "dynamodb:GetItem", DATA, List.of("acme", "globex"), false);
        expect("missing-leading-keys", "dynamodb:GetItem", DATA, null, false);
        expect("scan", "dynamodb:Scan", DATA, null, false);
        expect("scan-with-keys", "dynamodb:Scan", DATA, List.of("acme"), false);
        expect("partiql", "dynamodb:PartiQLSelect", DATA, List.of("acme"), false);
        // the purge's deletes: a batch on the data table, every key of it the tenant's
        expect("own-batch-delete", "dynamodb:BatchWriteItem", DATA, List.of("acme", "acme#orders"), true);
        expect("mixed-batch-delete", "dynamodb:BatchWriteItem", DATA, List.of("acme#orders", "globex#orders"), false);
        expect("lookalike-batch-delete", "dynamodb:BatchWriteItem", DATA, List.of("acme-corp#orders"), false);
        expect("audit-batch-delete", "dynamodb:BatchWriteItem", AUDIT, List.of("acme"), false);
        expect("batch-get", "dynamodb:BatchGetItem", DATA, List.of("acme"), false);
        expect("other-table", "dynamodb:GetItem", OTHER, List.of("acme"), false);
        expect("audit-update", "dynamodb:UpdateItem", AUDIT, List.of("acme"), false);
        expect("audit-delete", "dynamodb:DeleteItem", AUDIT, List.of("acme"), false);
        expect("audit-other-tenant", "dynamodb:Query", AUDIT, List.of("globex"), false);
        expect("audit-namespace-key", "dynamodb:PutItem", AUDIT, List.of("acme#orders"), false);
        expect("describe-table", "dynamodb:DescribeTable", DATA, null, false);
        // audit shards: <tenant> is shard 0, <tenant>#a<k> shard k
        expect("own-audit-shard-put", "dynamodb:PutItem", AUDIT, List.of("acme#a1"), true);
        expect("own-audit-shard-get", "dynamodb:GetItem", AUDIT, List.of("acme#a3"), true);
        expect("own-audit-last-shard-query", "dynamodb:Query", AUDIT, List.of("acme#a15"), true);
        expect("audit-shard-update", "dynamodb:UpdateItem", AUDIT, List.of("acme#a1"), false);
        expect("audit-shard-delete", "dynamodb:DeleteItem", AUDIT, List.of("acme#a1"), false);
        expect("audit-acme2", "dynamodb:Query", AUDIT, List.of("acme2"), false);
        expect("audit-acme2-shard", "dynamodb:Query", AUDIT, List.of("acme2#a1"), false);
        expect("audit-acme2-shard-put", "dynamodb:PutItem", AUDIT, List.of("acme2#a3"), false);
        expect("audit-other-tenant-shard", "dynamodb:Query", AUDIT, List.of("globex#a1"), false);
        expect("audit-lookalike-shard", "dynamodb:GetItem", AUDIT, List.of("acme-corp#a1"), false);
        expect("audit-mixed-shards", "dynamodb:Query", AUDIT, List.of("acme#a1", "globex#a1"), false);
        expect("audit-shard-key-on-data", "dynamodb:GetItem", DATA, List.of("acme2#a1"), false);

        List<IamSimulator.Request> requests = new ArrayList<>();
        for (Case c : CASES) {
            Map<String, Object> context = c.leadingKeys() == null
                    ? Map.of("aws:PrincipalTag/tenant_id", "acme")
                    : Map.of("aws:PrincipalTag/tenant_id", "acme", "dynamodb:LeadingKeys", c.leadingKeys());
            requests.add(new IamSimulator.Request(c.id(), SESSION, c.action(), c.resource(), context));
        }
        JsonNode rolePolicy = TenantAccessPolicies.rolePolicy(DATA, AUDIT);
        JsonNode sessionPolicy = JSON.readTree(SessionPolicy.forTenant(TenantId.of("acme"), TABLES).toJson());
        results = new IamSimulator().evaluate(List.of(rolePolicy), sessionPolicy, requests);
    }

    @Test
    void ownTenantReadsAndWrites_shouldBeAllowed() {
        CASES.stream().filter(Case::allowed).forEach(c ->
                assertThat(results.get(c.id()).allowed()).as(c.id() + ": " + results.get(c.id())).isTrue());
    }

    @Test
    void everythingElse_shouldBeDenied_andNotBecauseTheSimulatorGaveUp() {
        CASES.stream().filter(c -> !c.allowed()).forEach(c -> {
            IamSimulator.Result result = results.get(c.id());
            assertThat(result.allowed()).as(c.id() + ": " + result).isFalse();
            assertThat(result.failedClosed()).as(c.id() + ": " + result).isFalse();
        });
    }

    @Test
    void acmesAuditShards_shouldBeAllowed_andNoShardOfAcme2OrGlobex() {
        for (String id : List.of("own-audit-put", "own-audit-shard-put", "own-audit-shard-get",
                "own-audit-last-shard-query")) {
            assertThat(results.get(id).allowed()).as(id + ": " + results.get(id)).isTrue();
        }
        for (String id : List.of("audit-acme2", "audit-acme2-shard", "audit-acme2-shard-put", "audit-other-tenant-shard",
                "audit-lookalike-shard", "audit-mixed-shards", "audit-shard-update", "audit-shard-delete")) {
            assertThat(results.get(id).allowed()).as(id + ": " + results.get(id)).isFalse();
        }
    }

    @Test
    void requestsWithoutLeadingKeys_shouldBeExplicitlyDenied() {
        assertThat(results.get("missing-leading-keys").decision()).isEqualTo("ExplicitlyDenied");
        assertThat(results.get("scan").decision()).isEqualTo("ExplicitlyDenied");
    }

    @Test
    void theGuardsInProcessEvaluation_shouldAgreeWithTheSimulator_onEveryDynamoDbCase() {
        SessionPolicy policy = SessionPolicy.forTenant(TenantId.of("acme"), TABLES);
        CASES.stream().filter(c -> c.resource().equals(DATA) || c.resource().equals(AUDIT) || c.resource().equals(OTHER))
                .forEach(c -> {
                    String table = c.resource().substring(c.resource().indexOf("table/") + 6);
                    boolean guard = policy.permits(c.action().substring("dynamodb:".length()), table,
                            c.leadingKeys() == null ? List.of() : c.leadingKeys());
                    assertThat(guard).as(c.id()).isEqualTo(results.get(c.id()).allowed());
                });
    }

    @Test
    void theRolePolicyAlone_shouldStillPinTheTenant_ifASessionPolicyWereMissing() {
        List<IamSimulator.Request> requests = List.of(
                new IamSimulator.Request("own", SESSION, "dynamodb:GetItem", DATA,
                        Map.of("aws:PrincipalTag/tenant_id", "acme", "dynamodb:LeadingKeys", List.of("acme"))),
                new IamSimulator.Request("other", SESSION, "dynamodb:GetItem", DATA,
                        Map.of("aws:PrincipalTag/tenant_id", "acme", "dynamodb:LeadingKeys", List.of("globex"))),
                new IamSimulator.Request("untagged", SESSION, "dynamodb:GetItem", DATA,
                        Map.of("dynamodb:LeadingKeys", List.of("acme"))),
                new IamSimulator.Request("own-audit-shard", SESSION, "dynamodb:PutItem", AUDIT,
                        Map.of("aws:PrincipalTag/tenant_id", "acme", "dynamodb:LeadingKeys", List.of("acme#a2"))),
                new IamSimulator.Request("acme2-audit-shard", SESSION, "dynamodb:Query", AUDIT,
                        Map.of("aws:PrincipalTag/tenant_id", "acme", "dynamodb:LeadingKeys", List.of("acme2#a2"))),
                new IamSimulator.Request("other-audit-shard", SESSION, "dynamodb:Query", AUDIT,
                        Map.of("aws:PrincipalTag/tenant_id", "acme", "dynamodb:LeadingKeys", List.of("globex#a2"))));

        Map<String, IamSimulator.Result> roleOnly = new IamSimulator().evaluate(
                List.of(TenantAccessPolicies.rolePolicy(DATA, AUDIT)), null, requests);

        assertThat(roleOnly.get("own").allowed()).isTrue();
        assertThat(roleOnly.get("other").allowed()).isFalse();
        assertThat(roleOnly.get("untagged").decision()).isEqualTo("ExplicitlyDenied");
        assertThat(roleOnly.get("own-audit-shard").allowed()).isTrue();
        assertThat(roleOnly.get("acme2-audit-shard").allowed()).isFalse();
        assertThat(roleOnly.get("other-audit-shard").allowed()).isFalse();
    }
}
