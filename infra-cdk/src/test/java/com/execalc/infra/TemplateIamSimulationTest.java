package com.execalc.infra;

import com.execalc.access.SessionPolicy;
import com.execalc.access.Tables;
import com.execalc.audit.OperatorPolicies;
import com.execalc.local.IamSimulator;
import com.execalc.tenancy.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IAM of the synthesized template, evaluated by IAM policy simulation ({@code @cloud-copilot/iam-simulate}): every
 * policy and trust policy below is taken from the template and its intrinsics resolved to one example deployment,
 * never copied by hand. A session tagged {@code tenant_id=acme} reaches acme's keys and log group and nothing of
 * globex; only the intended function roles can open such sessions, and only with the tag.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemplateIamSimulationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Synthesized app;
    private TemplateTokens tokens;
    private String data;
    private String audit;
    private final Map<String, IamSimulator.Result> results = new HashMap<>();

    @BeforeAll
    void simulate() throws Exception {
        assertThat(IamSimulator.installed()).as("node_modules/@cloud-copilot/iam-simulate (npm ci)").isTrue();
        app = Synthesized.defaults();
        tokens = new TemplateTokens(app.json());
        data = tokens.arn("TenantDataTable");
        audit = tokens.arn("AuditTable");
        IamSimulator simulator = new IamSimulator();

        JsonNode accessPolicy = inlinePolicy("TenantAccessRole");
        JsonNode sessionPolicy = JSON.readTree(SessionPolicy.forTenant(TenantId.of("acme"),
                new Tables(data, audit)).toJson());
        results.putAll(simulator.evaluate(List.of(accessPolicy), sessionPolicy,
                dataRequests("session", "TenantAccessRole")));
        results.putAll(simulator.evaluate(List.of(accessPolicy), null, dataRequests("roleOnly", "TenantAccessRole")));
        // the control plane's purge: the purge role with the very session policy of the tenant API
        results.putAll(simulator.evaluate(List.of(inlinePolicy("TenantPurgeRole")), sessionPolicy,
                dataRequests("purge", "TenantPurgeRole")));
        // the auditing functions generate the same session policy; their role must cut it down to the audit table
        results.putAll(simulator.evaluate(List.of(inlinePolicy("TenantAuditAccessRole")), sessionPolicy,
                dataRequests("auditOnly", "TenantAuditAccessRole")));
        results.putAll(simulator.evaluate(List.of(inlinePolicy("TenantLogWriterRole")), null, logWriterRequests()));
        results.putAll(simulator.evaluate(List.of(managedPolicy()), null, auditReaderRequests()));
        results.putAll(simulator.evaluate(List.of(managedPolicy()), null, everyLogsActionOfTheReader()));
        results.putAll(simulator.evaluate(List.of(defaultPolicy("ControlPlaneRole")), null, controlPlaneLogRequests()));

        JsonNode accessTrust = trustPolicy("TenantAccessRole");
        JsonNode purgeTrust = trustPolicy("TenantPurgeRole");
        JsonNode auditTrust = trustPolicy("TenantAuditAccessRole");
        JsonNode writerTrust = trustPolicy("TenantLogWriterRole");
        for (String role : List.of("AuthorizerRole", "TenantApiRole", "ControlPlaneRole", "AuditShipperRole",
                "AuditDigesterRole")) {
            results.putAll(simulator.evaluate(List.of(defaultPolicy(role)), null, List.of(
                    assume(role + "->access:tagged", role, "sts:AssumeRole", "TenantAccessRole", accessTrust, tag("acme")),
                    assume(role + "->access:tag-session", role, "sts:TagSession", "TenantAccessRole", accessTrust,
                            tag("acme")),
                    assume(role + "->access:untagged", role, "sts:AssumeRole", "TenantAccessRole", accessTrust,
                            Map.of()),
                    assume(role + "->access:empty-tag", role, "sts:TagSession", "TenantAccessRole", accessTrust,
                            tag("")),
                    assume(role + "->access:extra-tag", role, "sts:TagSession", "TenantAccessRole", accessTrust,
                            Map.of("aws:RequestTag/tenant_id", "acme", "aws:TagKeys", List.of("tenant_id", "admin"))),
                    assume(role + "->audit:tagged", role, "sts:AssumeRole", "TenantAuditAccessRole", auditTrust,
                            tag("acme")),
                    assume(role + "->audit:tag-session", role, "sts:TagSession", "TenantAuditAccessRole", auditTrust,
                            tag("acme")),
                    assume(role + "->audit:untagged", role, "sts:AssumeRole", "TenantAuditAccessRole", auditTrust,
                            Map.of()),
                    assume(role + "->audit:extra-tag", role, "sts:TagSession", "TenantAuditAccessRole", auditTrust,
                            Map.of("aws:RequestTag/tenant_id", "acme", "aws:TagKeys", List.of("tenant_id", "admin"))),
                    assume(role + "->writer:tagged", role, "sts:AssumeRole", "TenantLogWriterRole", writerTrust,
                            tag("acme")),
                    assume(role + "->writer:untagged", role, "sts:AssumeRole", "TenantLogWriterRole", writerTrust,
                            Map.of()),
                    assume(role + "->purge:tagged", role, "sts:AssumeRole", "TenantPurgeRole", purgeTrust,
                            tag("acme")),
                    assume(role + "->purge:untagged", role, "sts:AssumeRole", "TenantPurgeRole", purgeTrust,
                            Map.of()))));
        }
        results.putAll(simulator.evaluate(List.of(defaultPolicy("ControlPlaneRole")), null,
                gatewayRequests("ControlPlaneRole")));
        results.putAll(simulator.evaluate(List.of(defaultPolicy("AuthorizerRole")), null,
                gatewayRequests("AuthorizerRole")));
        JsonNode anything = JSON.readTree("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"sts:*\",\"Resource\":\"*\"}]}");
        results.putAll(simulator.evaluate(List.of(anything), null, List.of(
                new IamSimulator.Request("stranger->access:tagged",
                        "arn:aws:sts::" + TemplateTokens.ACCOUNT + ":assumed-role/SomeOtherRole/x", "sts:AssumeRole",
                        tokens.arn("TenantAccessRole"), tag("acme"), accessTrust),
                new IamSimulator.Request("stranger->audit:tagged",
                        "arn:aws:sts::" + TemplateTokens.ACCOUNT + ":assumed-role/SomeOtherRole/x", "sts:AssumeRole",
                        tokens.arn("TenantAuditAccessRole"), tag("acme"), auditTrust),
                new IamSimulator.Request("stranger->writer:tagged",
                        "arn:aws:sts::" + TemplateTokens.ACCOUNT + ":assumed-role/SomeOtherRole/x", "sts:AssumeRole",
                        tokens.arn("TenantLogWriterRole"), tag("acme"), writerTrust))));
        results.putAll(simulator.evaluate(List.of(defaultPolicy("AuditDigesterRole")), null,
                digestRequests("digester", tokens.session("AuditDigesterRole", "digest-run"),
                        tokens.arn("AuditDigesterRole"))));
        // an insider: another role of the account whose own policy allows everything on S3 and KMS
        JsonNode everything = JSON.readTree("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":[\"s3:*\",\"kms:*\"],\"Resource\":\"*\"}]}");
        results.putAll(simulator.evaluate(List.of(everything), null,
                digestRequests("insider", tokens.session("TenantApiRole", "insider"), tokens.arn("TenantApiRole"))));
        assertThat(results.values()).noneMatch(IamSimulator.Result::failedClosed);
    }

    // ---- audit digests -----------------------------------------------------------------------------------------

    @Test
    void theDigester_shouldSignWithTheKey_andPutAndReadDigests_inTheLockedBucket() {
        assertAllowed("digester:sign", "digester:archive-put", "digester:archive-get", "digester:archive-list");
    }

    @Test
    void theDigester_shouldNeverDeleteOrUnlockADigest_norLoosenTheBucketsLock() {
        assertDenied("digester:archive-delete", "digester:archive-delete-version", "digester:archive-retention",
                "digester:archive-bypass", "digester:lock-configuration");
    }

    @Test
    void anInsiderAllowedEverything_shouldNeitherSignNorWriteNorDeleteADigest() {
        assertDenied("insider:sign", "insider:archive-put", "insider:archive-delete",
                "insider:archive-delete-version", "insider:archive-retention", "insider:lock-configuration");
    }

    @Test
    void onlyTheDigester_shouldOpenAuditAccessSessions_amongTheDigestRoles_neverDataAccessSessions() {
        assertAllowed("AuditDigesterRole->audit:tagged", "AuditDigesterRole->audit:tag-session");
        assertDenied("AuditDigesterRole->audit:untagged", "AuditDigesterRole->access:tagged",
                "AuditDigesterRole->writer:tagged");
    }

    // ---- tenant data -------------------------------------------------------------------------------------------

    @Test
    void anAcmeSession_shouldReadAndWriteAcmesKeys_inBothTables() {
        for (String mode : List.of("session", "roleOnly")) {
            assertAllowed(mode + ":own-get", mode + ":own-namespace-put", mode + ":own-query", mode + ":own-delete",
                    mode + ":own-audit-put", mode + ":own-audit-query");
        }
    }

    @Test
    void anAcmeSession_shouldAppendAndReadEveryAuditShardOfAcme() {
        for (String mode : List.of("session", "roleOnly")) {
            assertAllowed(mode + ":own-audit-shard-put", mode + ":own-audit-shard-get",
                    mode + ":own-audit-last-shard-query");
        }
    }

    @Test
    void anAcmeSession_shouldBeDeniedTheAuditShardsOfAcme2AndGlobex_andNeverChangeItsOwn() {
        for (String mode : List.of("session", "roleOnly")) {
            assertDenied(mode + ":acme2-audit-shard-query", mode + ":acme2-audit-query", mode + ":globex-audit-shard-put",
                    mode + ":mixed-audit-shards", mode + ":audit-shard-update", mode + ":audit-shard-delete");
        }
    }

    @Test
    void anAcmeSession_shouldBeDeniedGlobexsKeys_andLookalikes() {
        for (String mode : List.of("session", "roleOnly")) {
            assertDenied(mode + ":globex-get", mode + ":globex-namespace-query", mode + ":globex-audit-query",
                    mode + ":lookalike-get", mode + ":mixed-keys");
        }
    }

    @Test
    void anAcmeSession_shouldBeExplicitlyDeniedRequestsWithoutLeadingKeys_andEveryScan() {
        for (String mode : List.of("session", "roleOnly")) {
            for (String id : List.of(":missing-leading-keys", ":scan", ":scan-with-keys")) {
                assertThat(results.get(mode + id).decision()).as(mode + id + " " + results.get(mode + id))
                        .isEqualTo("ExplicitlyDenied");
            }
        }
    }

    @Test
    void anAcmeSession_shouldNeverUpdateOrDeleteAuditEvents() {
        assertDenied("session:audit-update", "session:audit-delete", "roleOnly:audit-update", "roleOnly:audit-delete");
    }

    @Test
    void anAuditOnlySession_shouldAppendAndReadEveryAuditShardOfAcme() {
        assertAllowed("auditOnly:own-audit-put", "auditOnly:own-audit-query", "auditOnly:own-audit-shard-put",
                "auditOnly:own-audit-shard-get", "auditOnly:own-audit-last-shard-query");
    }

    @Test
    void anAuditOnlySession_shouldBeDeniedEveryDataKey_evenAcmesOwn_andEveryOtherTenantsAuditShards() {
        assertDenied("auditOnly:own-get", "auditOnly:own-namespace-put", "auditOnly:own-query", "auditOnly:own-delete",
                "auditOnly:globex-get", "auditOnly:globex-audit-query", "auditOnly:acme2-audit-shard-query",
                "auditOnly:globex-audit-shard-put", "auditOnly:audit-update", "auditOnly:audit-delete",
                "auditOnly:scan", "auditOnly:untagged");
    }

    @Test
    void aSessionWithoutTheTenantTag_shouldBeExplicitlyDenied_evenForKeysThatLookItsOwn() {
        assertThat(results.get("roleOnly:untagged").decision()).isEqualTo("ExplicitlyDenied");
    }

    // ---- tenant audit log groups -------------------------------------------------------------------------------

    @Test
    void theAcmeLogWriter_shouldCreateStreamsAndPutEvents_inAcmesAuditLogGroup() {
        assertAllowed("writer:own-create-stream", "writer:own-put", "writer:own-retention");
    }

    @Test
    void theAcmeLogWriter_shouldBeDeniedGlobexsAuditLogGroup_andEveryOtherGroupOrAction() {
        assertDenied("writer:globex-put", "writer:globex-create-stream", "writer:other-group-put",
                "writer:lookalike-group-put", "writer:own-delete-group", "writer:untagged-put",
                "writer:globex-retention");
    }

    @Test
    void acmesOperators_shouldQueryOnlyAcmesAuditLogGroup() {
        assertAllowed("reader:own-start-query", "reader:own-results", "reader:own-filter");
        assertDenied("reader:globex-start-query", "reader:globex-results", "reader:globex-filter",
                "reader:untagged-start-query", "reader:describe-log-groups");
    }

    @Test
    void acmesOperators_shouldBeDeniedEveryLogsAction_onGlobexsAuditLogGroupAndOnEveryFunctionLogGroup() {
        List<String> foreign = foreignLogGroups();
        assertThat(foreign).hasSizeGreaterThanOrEqualTo(5); // globex's, and the four functions' own groups
        for (String group : foreign) {
            List<String> allowed = results.entrySet().stream()
                    .filter(result -> result.getKey().startsWith("readerEvery:" + group + "|"))
                    .filter(result -> result.getValue().allowed())
                    .map(Map.Entry::getKey).toList();
            assertThat(results.keySet()).as(group).anyMatch(id -> id.startsWith("readerEvery:" + group + "|"));
            assertThat(allowed).as(group).isEmpty();
        }
    }

    @Test
    void theTenantAuditReaderPolicy_shouldBeTheFunctionsOwnOperatorPolicyTemplate() {
        assertThat(statementsOf(managedPolicy())).isEqualTo(statementsOf(OperatorPolicies.template(
                "arn:aws:logs:" + TemplateTokens.REGION + ":" + TemplateTokens.ACCOUNT + ":log-group:"
                        + TenantIam.TENANT_LOG_GROUP_PREFIX)));
    }

    /** A policy's statements by Sid, each as its effect, actions and resources, sorted (the CDK sorts them). */
    private static Map<String, List<String>> statementsOf(JsonNode policy) {
        Map<String, List<String>> statements = new TreeMap<>();
        policy.get("Statement").forEach(statement -> {
            List<String> parts = new ArrayList<>();
            parts.add(statement.get("Effect").asText());
            for (String field : List.of("Action", "Resource")) {
                List<String> values = new ArrayList<>();
                JsonNode value = statement.get(field);
                if (value.isArray()) {
                    value.forEach(element -> values.add(field + " " + element.asText()));
                } else {
                    values.add(field + " " + value.asText());
                }
                values.sort(null);
                parts.addAll(values);
            }
            assertThat(statement.has("Condition")).as("conditions are not compared here").isFalse();
            statements.put(statement.get("Sid").asText(), parts);
        });
        return statements;
    }

    @Test
    void theControlPlane_shouldCreateTagAndSetTheRetentionOfTenantLogGroups_butNeverDeleteOne() {
        assertAllowed("controlPlane:create-group", "controlPlane:tag-group", "controlPlane:retention");
        assertDenied("controlPlane:delete-group", "controlPlane:delete-other-tenants-group",
                "controlPlane:delete-stream", "controlPlane:delete-retention");
    }

    // ---- who may open tenant sessions --------------------------------------------------------------------------

    @Test
    void onlyTheTenantApi_shouldOpenTenantAccessSessions_withTheTenantTag() {
        assertAllowed("TenantApiRole->access:tagged", "TenantApiRole->access:tag-session");
        assertDenied("AuthorizerRole->access:tagged", "ControlPlaneRole->access:tagged", "AuditShipperRole->access:tagged",
                "stranger->access:tagged");
    }

    @Test
    void onlyTheFunctionsThatAuditInsideATenant_shouldOpenAuditAccessSessions_withTheTenantTag() {
        for (String role : List.of("AuthorizerRole", "ControlPlaneRole", "AuditShipperRole")) {
            assertAllowed(role + "->audit:tagged", role + "->audit:tag-session");
            assertDenied(role + "->audit:untagged", role + "->audit:extra-tag");
        }
        assertDenied("TenantApiRole->audit:tagged", "stranger->audit:tagged");
    }

    @Test
    void tenantAccessSessions_shouldBeRefused_withoutTheTag_withAnEmptyTag_orWithAnyOtherTag() {
        assertDenied("TenantApiRole->access:untagged", "TenantApiRole->access:empty-tag",
                "TenantApiRole->access:extra-tag");
    }

    @Test
    void onlyTheAuditShipper_shouldOpenLogWriterSessions_andOnlyWithTheTenantTag() {
        assertAllowed("AuditShipperRole->writer:tagged");
        assertDenied("AuditShipperRole->writer:untagged", "AuthorizerRole->writer:tagged",
                "TenantApiRole->writer:tagged", "ControlPlaneRole->writer:tagged", "stranger->writer:tagged");
    }

    // ---- the gateway the control plane updates (issue 12, item 7) ------------------------------------------------

    @Test
    void theControlPlane_shouldFlushItsOwnStagesAuthorizerCache_andNothingElseOfTheApi() {
        assertAllowed("ControlPlaneRole->gateway:flush-own-stage");
        assertDenied("ControlPlaneRole->gateway:flush-another-stage", "ControlPlaneRole->gateway:flush-another-api",
                "ControlPlaneRole->gateway:delete-stage", "ControlPlaneRole->gateway:delete-api",
                "ControlPlaneRole->gateway:patch-stage");
    }

    @Test
    void theControlPlane_shouldFindToggleMoveAndRetireApiKeys_inItsOwnPlansOnly_butNeverChangeTheUsagePlans() {
        assertAllowed("ControlPlaneRole->gateway:find-keys", "ControlPlaneRole->gateway:toggle-key",
                "ControlPlaneRole->gateway:create-key", "ControlPlaneRole->gateway:delete-key",
                "ControlPlaneRole->gateway:delete-own-plan-key");
        assertDenied("ControlPlaneRole->gateway:patch-usage-plan", "ControlPlaneRole->gateway:delete-usage-plan-key",
                "ControlPlaneRole->gateway:delete-own-plan");
    }

    // ---- the purge -----------------------------------------------------------------------------------------------

    @Test
    void aPurgeSession_shouldDeleteAcmesDataItemsInBatches_andReadThem() {
        assertAllowed("purge:own-batch-delete", "purge:own-query", "purge:own-delete", "purge:own-get");
        assertAllowed("session:own-batch-delete", "roleOnly:own-batch-delete");
    }

    @Test
    void aPurgeSession_shouldBeDeniedABatchWithAnotherTenantsKey_anyBatchOnTheAuditTable_andEveryScan() {
        for (String mode : List.of("purge", "session", "roleOnly")) {
            assertDenied(mode + ":mixed-batch-delete", mode + ":audit-batch-delete", mode + ":globex-get",
                    mode + ":audit-delete", mode + ":scan");
        }
    }

    @Test
    void onlyTheControlPlane_shouldOpenPurgeSessions_withTheTenantTag() {
        assertAllowed("ControlPlaneRole->purge:tagged");
        assertDenied("ControlPlaneRole->purge:untagged", "TenantApiRole->purge:tagged", "AuthorizerRole->purge:tagged",
                "AuditShipperRole->purge:tagged");
    }

    @Test
    void theAuthorizer_shouldNeitherFlushTheCacheNorTouchApiKeys() {
        assertDenied("AuthorizerRole->gateway:flush-own-stage", "AuthorizerRole->gateway:toggle-key",
                "AuthorizerRole->gateway:find-keys");
    }

    // ---- requests ----------------------------------------------------------------------------------------------

    private List<IamSimulator.Request> gatewayRequests(String role) {
        String session = tokens.session(role, "function-session");
        String apigateway = "arn:aws:apigateway:" + TemplateTokens.REGION + "::";
        String api = apigateway + "/restapis/" + app.logicalId(app.stack().api().api());
        Map<String, String[]> cases = new LinkedHashMap<>();
        cases.put("flush-own-stage", new String[]{"apigateway:DELETE",
                api + "/stages/" + ExecalcApi.STAGE + "/cache/authorizers"});
        cases.put("flush-another-stage", new String[]{"apigateway:DELETE", api + "/stages/test/cache/authorizers"});
        cases.put("flush-another-api", new String[]{"apigateway:DELETE",
                apigateway + "/restapis/otherapi/stages/" + ExecalcApi.STAGE + "/cache/authorizers"});
        cases.put("delete-stage", new String[]{"apigateway:DELETE", api + "/stages/" + ExecalcApi.STAGE});
        cases.put("delete-api", new String[]{"apigateway:DELETE", api});
        cases.put("patch-stage", new String[]{"apigateway:PATCH", api + "/stages/" + ExecalcApi.STAGE});
        cases.put("find-keys", new String[]{"apigateway:GET", apigateway + "/apikeys"});
        cases.put("toggle-key", new String[]{"apigateway:PATCH", apigateway + "/apikeys/abc123"});
        cases.put("create-key", new String[]{"apigateway:POST", apigateway + "/apikeys"});
        cases.put("delete-key", new String[]{"apigateway:DELETE", apigateway + "/apikeys/abc123"});
        cases.put("patch-usage-plan", new String[]{"apigateway:PATCH", apigateway + "/usageplans/plan1"});
        cases.put("delete-usage-plan-key", new String[]{"apigateway:DELETE",
                apigateway + "/usageplans/plan1/keys/abc123"});
        String ownPlan = apigateway + "/usageplans/" + app.logicalId(app.stack().api().usagePlan(ExecalcApi.Tier.STANDARD));
        cases.put("delete-own-plan-key", new String[]{"apigateway:DELETE", ownPlan + "/keys/abc123"});
        cases.put("delete-own-plan", new String[]{"apigateway:DELETE", ownPlan});
        List<IamSimulator.Request> requests = new ArrayList<>();
        cases.forEach((id, c) -> requests.add(new IamSimulator.Request(role + "->gateway:" + id, session, c[0], c[1],
                Map.of())));
        return requests;
    }

    private List<IamSimulator.Request> dataRequests(String mode, String role) {
        String session = tokens.session(role, "acme.req-1");
        List<IamSimulator.Request> requests = new ArrayList<>();
        Map<String, Object[]> cases = new LinkedHashMap<>();
        cases.put("own-get", new Object[]{"dynamodb:GetItem", data, List.of("acme")});
        cases.put("own-namespace-put", new Object[]{"dynamodb:PutItem", data, List.of("acme#orders")});
        cases.put("own-query", new Object[]{"dynamodb:Query", data, List.of("acme#orders")});
        cases.put("own-delete", new Object[]{"dynamodb:DeleteItem", data, List.of("acme#orders")});
        cases.put("own-batch-delete", new Object[]{"dynamodb:BatchWriteItem", data, List.of("acme#orders", "acme")});
        cases.put("mixed-batch-delete", new Object[]{"dynamodb:BatchWriteItem", data,
                List.of("acme#orders", "globex#orders")});
        cases.put("audit-batch-delete", new Object[]{"dynamodb:BatchWriteItem", audit, List.of("acme")});
        cases.put("own-audit-put", new Object[]{"dynamodb:PutItem", audit, List.of("acme")});
        cases.put("own-audit-query", new Object[]{"dynamodb:Query", audit, List.of("acme")});
        cases.put("globex-get", new Object[]{"dynamodb:GetItem", data, List.of("globex")});
        cases.put("globex-namespace-query", new Object[]{"dynamodb:Query", data, List.of("globex#orders")});
        cases.put("globex-audit-query", new Object[]{"dynamodb:Query", audit, List.of("globex")});
        cases.put("lookalike-get", new Object[]{"dynamodb:GetItem", data, List.of("acme-corp#orders")});
        cases.put("mixed-keys", new Object[]{"dynamodb:GetItem", data, List.of("acme", "globex")});
        cases.put("missing-leading-keys", new Object[]{"dynamodb:GetItem", data, null});
        cases.put("scan", new Object[]{"dynamodb:Scan", data, null});
        cases.put("scan-with-keys", new Object[]{"dynamodb:Scan", data, List.of("acme")});
        cases.put("audit-update", new Object[]{"dynamodb:UpdateItem", audit, List.of("acme")});
        cases.put("audit-delete", new Object[]{"dynamodb:DeleteItem", audit, List.of("acme")});
        cases.put("own-audit-shard-put", new Object[]{"dynamodb:PutItem", audit, List.of("acme#a1")});
        cases.put("own-audit-shard-get", new Object[]{"dynamodb:GetItem", audit, List.of("acme#a3")});
        cases.put("own-audit-last-shard-query", new Object[]{"dynamodb:Query", audit, List.of("acme#a15")});
        cases.put("acme2-audit-query", new Object[]{"dynamodb:Query", audit, List.of("acme2")});
        cases.put("acme2-audit-shard-query", new Object[]{"dynamodb:Query", audit, List.of("acme2#a1")});
        cases.put("globex-audit-shard-put", new Object[]{"dynamodb:PutItem", audit, List.of("globex#a2")});
        cases.put("mixed-audit-shards", new Object[]{"dynamodb:Query", audit, List.of("acme#a1", "globex#a1")});
        cases.put("audit-shard-update", new Object[]{"dynamodb:UpdateItem", audit, List.of("acme#a1")});
        cases.put("audit-shard-delete", new Object[]{"dynamodb:DeleteItem", audit, List.of("acme#a1")});
        cases.forEach((id, c) -> {
            Map<String, Object> context = new HashMap<>();
            context.put("aws:PrincipalTag/tenant_id", "acme");
            if (c[2] != null) {
                context.put("dynamodb:LeadingKeys", c[2]);
            }
            requests.add(new IamSimulator.Request(mode + ":" + id, session, (String) c[0], (String) c[1], context));
        });
        requests.add(new IamSimulator.Request(mode + ":untagged", session, "dynamodb:GetItem", data,
                Map.of("dynamodb:LeadingKeys", List.of("acme"))));
        return requests;
    }

    private List<IamSimulator.Request> logWriterRequests() {
        String session = tokens.session("TenantLogWriterRole", "acme.shipper");
        Map<String, Object> acme = Map.of("aws:PrincipalTag/tenant_id", "acme");
        return List.of(
                new IamSimulator.Request("writer:own-create-stream", session, "logs:CreateLogStream",
                        stream("/execalc/tenants/acme/audit"), acme),
                new IamSimulator.Request("writer:own-put", session, "logs:PutLogEvents",
                        stream("/execalc/tenants/acme/audit"), acme),
                new IamSimulator.Request("writer:globex-put", session, "logs:PutLogEvents",
                        stream("/execalc/tenants/globex/audit"), acme),
                new IamSimulator.Request("writer:globex-create-stream", session, "logs:CreateLogStream",
                        stream("/execalc/tenants/globex/audit"), acme),
                new IamSimulator.Request("writer:other-group-put", session, "logs:PutLogEvents",
                        stream("/aws/lambda/anything"), acme),
                new IamSimulator.Request("writer:lookalike-group-put", session, "logs:PutLogEvents",
                        stream("/execalc/tenants/acme/audit-copy"), acme),
                new IamSimulator.Request("writer:own-retention", session, "logs:PutRetentionPolicy",
                        group("/execalc/tenants/acme/audit"), acme),
                new IamSimulator.Request("writer:globex-retention", session, "logs:PutRetentionPolicy",
                        group("/execalc/tenants/globex/audit"), acme),
                new IamSimulator.Request("writer:own-delete-group", session, "logs:DeleteLogGroup",
                        group("/execalc/tenants/acme/audit"), acme),
                new IamSimulator.Request("writer:untagged-put", session, "logs:PutLogEvents",
                        stream("/execalc/tenants/acme/audit"), Map.of()));
    }

    private List<IamSimulator.Request> auditReaderRequests() {
        String alice = "arn:aws:sts::" + TemplateTokens.ACCOUNT + ":assumed-role/AcmeOperators/alice";
        Map<String, Object> acme = Map.of("aws:PrincipalTag/tenant_id", "acme");
        return List.of(
                new IamSimulator.Request("reader:own-start-query", alice, "logs:StartQuery",
                        group("/execalc/tenants/acme/audit"), acme),
                new IamSimulator.Request("reader:own-results", alice, "logs:GetQueryResults",
                        group("/execalc/tenants/acme/audit"), acme),
                new IamSimulator.Request("reader:own-filter", alice, "logs:FilterLogEvents",
                        group("/execalc/tenants/acme/audit"), acme),
                new IamSimulator.Request("reader:globex-start-query", alice, "logs:StartQuery",
                        group("/execalc/tenants/globex/audit"), acme),
                new IamSimulator.Request("reader:globex-results", alice, "logs:GetQueryResults",
                        group("/execalc/tenants/globex/audit"), acme),
                new IamSimulator.Request("reader:globex-filter", alice, "logs:FilterLogEvents",
                        group("/execalc/tenants/globex/audit"), acme),
                new IamSimulator.Request("reader:untagged-start-query", alice, "logs:StartQuery",
                        group("/execalc/tenants/acme/audit"), Map.of()),
                new IamSimulator.Request("reader:describe-log-groups", alice, "logs:DescribeLogGroups",
                        "*", acme));
    }

    private List<IamSimulator.Request> controlPlaneLogRequests() {
        String controlPlane = tokens.session("ControlPlaneRole", "control-plane");
        String acme = group("/execalc/tenants/acme/audit");
        return List.of(
                new IamSimulator.Request("controlPlane:create-group", controlPlane, "logs:CreateLogGroup", acme, Map.of()),
                new IamSimulator.Request("controlPlane:tag-group", controlPlane, "logs:TagResource", acme, Map.of()),
                new IamSimulator.Request("controlPlane:retention", controlPlane, "logs:PutRetentionPolicy", acme, Map.of()),
                new IamSimulator.Request("controlPlane:delete-group", controlPlane, "logs:DeleteLogGroup", acme, Map.of()),
                new IamSimulator.Request("controlPlane:delete-other-tenants-group", controlPlane, "logs:DeleteLogGroup",
                        group("/execalc/tenants/globex/audit"), Map.of()),
                new IamSimulator.Request("controlPlane:delete-stream", controlPlane, "logs:DeleteLogStream",
                        stream("/execalc/tenants/acme/audit"), Map.of()),
                new IamSimulator.Request("controlPlane:delete-retention", controlPlane, "logs:DeleteRetentionPolicy",
                        acme, Map.of()));
    }

    /** Log groups an acme operator must not read: globex's audit group and every log group of the template. */
    private List<String> foreignLogGroups() {
        List<String> groups = new ArrayList<>();
        groups.add(group("/execalc/tenants/globex/audit"));
        app.resources("AWS::Logs::LogGroup").keySet().forEach(id -> groups.add(tokens.arn(id).replaceAll(":\\*$", "")));
        return groups;
    }

    /** Every logs action that names a log group or a stream, by an acme operator, on each foreign group. */
    private List<IamSimulator.Request> everyLogsActionOfTheReader() {
        String alice = "arn:aws:sts::" + TemplateTokens.ACCOUNT + ":assumed-role/AcmeOperators/alice";
        List<IamSimulator.Request> requests = new ArrayList<>();
        for (String group : foreignLogGroups()) {
            IamSimulator.actionsOf("logs").forEach((action, types) -> {
                String resource = types.contains("log-group") ? group
                        : types.contains("log-stream") ? group + ":log-stream:2026/11/27/x" : null;
                if (resource != null) {
                    requests.add(new IamSimulator.Request("readerEvery:" + group + "|" + action, alice,
                            "logs:" + action, resource, Map.of("aws:PrincipalTag/tenant_id", "acme")));
                }
            });
        }
        return requests;
    }

    /** What the digester does, and what nobody may do, to the key and the locked bucket, as {@code principal}. */
    private List<IamSimulator.Request> digestRequests(String prefix, String principal, String principalArn) {
        JsonNode bucketPolicy = tokens.resolve(app.resources("AWS::S3::BucketPolicy").values().iterator().next()
                .at("/Properties/PolicyDocument"));
        JsonNode keyPolicy = tokens.resolve(app.properties("AuditDigestSigningKey").path("KeyPolicy"));
        String bucket = tokens.arn("AuditDigestArchive");
        String object = bucket + "/acme/shard-0/001798768800.json";
        Map<String, Object> context = Map.of("aws:PrincipalArn", principalArn, "aws:SecureTransport", "true");
        String key = tokens.arn("AuditDigestSigningKey");
        return List.of(
                new IamSimulator.Request(prefix + ":sign", principal, "kms:Sign", key, context, keyPolicy),
                new IamSimulator.Request(prefix + ":archive-put", principal, "s3:PutObject", object, context,
                        bucketPolicy),
                new IamSimulator.Request(prefix + ":archive-get", principal, "s3:GetObject", object, context,
                        bucketPolicy),
                new IamSimulator.Request(prefix + ":archive-list", principal, "s3:ListBucket", bucket, context,
                        bucketPolicy),
                new IamSimulator.Request(prefix + ":archive-delete", principal, "s3:DeleteObject", object, context,
                        bucketPolicy),
                new IamSimulator.Request(prefix + ":archive-delete-version", principal, "s3:DeleteObjectVersion",
                        object, context, bucketPolicy),
                new IamSimulator.Request(prefix + ":archive-retention", principal, "s3:PutObjectRetention", object,
                        context, bucketPolicy),
                new IamSimulator.Request(prefix + ":archive-bypass", principal, "s3:BypassGovernanceRetention",
                        object, context, bucketPolicy),
                new IamSimulator.Request(prefix + ":lock-configuration", principal,
                        "s3:PutBucketObjectLockConfiguration", bucket, context, bucketPolicy));
    }

    private IamSimulator.Request assume(String id, String role, String action, String target, JsonNode trust,
                                        Map<String, Object> context) {
        return new IamSimulator.Request(id, tokens.session(role, "function-session"), action, tokens.arn(target),
                context, trust);
    }

    private static Map<String, Object> tag(String tenant) {
        return Map.of("aws:RequestTag/tenant_id", tenant, "aws:TagKeys", List.of("tenant_id"));
    }

    private static String group(String name) {
        return "arn:aws:logs:" + TemplateTokens.REGION + ":" + TemplateTokens.ACCOUNT + ":log-group:" + name;
    }

    private static String stream(String group) {
        return group(group) + ":log-stream:2026/11/27/shipper";
    }

    // ---- policies from the template ----------------------------------------------------------------------------

    private JsonNode inlinePolicy(String role) {
        JsonNode policies = app.properties(role).path("Policies");
        assertThat(policies).as(role + " inline policies").hasSize(1);
        return tokens.resolve(policies.get(0).path("PolicyDocument"));
    }

    private JsonNode trustPolicy(String role) {
        return tokens.resolve(app.properties(role).path("AssumeRolePolicyDocument"));
    }

    private JsonNode defaultPolicy(String role) {
        return app.resources("AWS::IAM::Policy").values().stream()
                .filter(policy -> policy.at("/Properties/Roles/0/Ref").asText().equals(role))
                .map(policy -> tokens.resolve(policy.at("/Properties/PolicyDocument")))
                .findFirst().orElseThrow(() -> new AssertionError("No policy attached to " + role));
    }

    private JsonNode managedPolicy() {
        String id = app.logicalId(app.stack().tenantIam().auditReader());
        return tokens.resolve(app.properties(id).path("PolicyDocument"));
    }

    private void assertAllowed(String... ids) {
        for (String id : ids) {
            assertThat(results.get(id)).as(id).isNotNull();
            assertThat(results.get(id).allowed()).as(id + " " + results.get(id)).isTrue();
        }
    }

    private void assertDenied(String... ids) {
        for (String id : ids) {
            assertThat(results.get(id)).as(id).isNotNull();
            assertThat(results.get(id).allowed()).as(id + " " + results.get(id)).isFalse();
        }
    }
}
