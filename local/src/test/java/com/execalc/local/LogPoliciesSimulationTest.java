package com.execalc.local;

import com.execalc.audit.CloudWatchTenantLogWriters;
import com.execalc.audit.OperatorPolicies;
import com.execalc.tenancy.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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

    /**
     * Log groups that hold events an acme operator must never read: another tenant's audit group, lookalikes of
     * acme's own, and the functions' own groups, which hold every tenant's request lines.
     */
    private static final List<String> FOREIGN_GROUPS = List.of(GLOBEX_GROUP, PREFIX + "/acme2/audit",
            PREFIX + "/acme/audit-copy", "arn:aws:logs:eu-west-1:" + ACCOUNT + ":log-group:/aws/lambda/TenantApiFunction",
            "arn:aws:logs:eu-west-1:" + ACCOUNT + ":log-group:ExecalcCloud-FunctionsTenantApiLogs5A1B2C3D-Ab12Cd34Ef56");

    /** What an operator needs on its own group: run Logs Insights queries, read their results and the events. */
    private static final Set<String> OWN_GROUP_ACTIONS = Set.of("StartQuery", "GetQueryResults", "FilterLogEvents",
            "GetLogEvents", "DescribeLogStreams");

    /** Of the logs actions that name no resource: stop one's own queries (by id), list the saved queries. */
    private static final Set<String> RESOURCELESS_ACTIONS = Set.of("StopQuery", "DescribeQueryDefinitions");

    /** The operator policies as generated for acme, and as the one template keyed on a tag, with acme's tag. */
    private static Map<String, JsonNode> operatorPolicies() {
        return Map.of("forTenant", OperatorPolicies.forTenant(PREFIX, TenantId.of("acme")),
                "template", OperatorPolicies.template(PREFIX));
    }

    /** Each logs action that names a log group or a log stream, on {@code group} (or a stream in it). */
    private static List<IamSimulator.Request> everyGroupAction(String label, String group) {
        List<IamSimulator.Request> requests = new ArrayList<>();
        IamSimulator.actionsOf("logs").forEach((action, types) -> {
            String resource = types.contains("log-group") ? group
                    : types.contains("log-stream") ? group + ":log-stream:audit-2026-11-27" : null;
            if (resource != null) {
                requests.add(request(label + "|" + action, OPERATOR, "logs:" + action, resource,
                        Map.of("aws:PrincipalTag/tenant_id", "acme")));
            }
        });
        return requests;
    }

    private static Set<String> allowedActions(Map<String, IamSimulator.Result> results, String label) {
        assertThat(results.values()).noneMatch(IamSimulator.Result::failedClosed);
        Set<String> allowed = new TreeSet<>();
        results.forEach((id, result) -> {
            if (id.startsWith(label + "|") && result.allowed()) {
                allowed.add(id.substring(label.length() + 1));
            }
        });
        return allowed;
    }

    @Test
    void anAcmeOperator_shouldBeDeniedEveryLogsAction_onAnotherTenantsGroupAndOnTheFunctionsLogGroups() {
        operatorPolicies().forEach((kind, policy) -> {
            List<IamSimulator.Request> requests = new ArrayList<>();
            FOREIGN_GROUPS.forEach(group -> requests.addAll(everyGroupAction(group, group)));

            Map<String, IamSimulator.Result> results = simulator.evaluate(List.of(policy), null, requests);

            assertThat(requests).hasSizeGreaterThan(FOREIGN_GROUPS.size() * 40);
            FOREIGN_GROUPS.forEach(group -> assertThat(allowedActions(results, group)).as(kind + " on " + group)
                    .isEmpty());
        });
    }

    @Test
    void anAcmeOperator_shouldQueryAndReadItsOwnAuditLogGroup_andDoNothingElseThere() {
        operatorPolicies().forEach((kind, policy) -> {
            Map<String, IamSimulator.Result> results = simulator.evaluate(List.of(policy), null,
                    everyGroupAction("own", ACME_GROUP));

            assertThat(allowedActions(results, "own")).as(kind).containsExactlyInAnyOrderElementsOf(OWN_GROUP_ACTIONS);
        });
    }

    @Test
    void ofTheLogsActionsThatNameNoResource_anAcmeOperator_shouldOnlyStopQueriesAndListSavedQueries() {
        operatorPolicies().forEach((kind, policy) -> {
            List<IamSimulator.Request> requests = new ArrayList<>();
            IamSimulator.actionsOf("logs").forEach((action, types) -> {
                if (types.isEmpty()) {
                    requests.add(request("none|" + action, OPERATOR, "logs:" + action, "*",
                            Map.of("aws:PrincipalTag/tenant_id", "acme")));
                }
            });

            Map<String, IamSimulator.Result> results = simulator.evaluate(List.of(policy), null, requests);

            assertThat(requests).extracting(IamSimulator.Request::action).contains("logs:DescribeLogGroups");
            assertThat(allowedActions(results, "none")).as(kind).containsExactlyInAnyOrderElementsOf(RESOURCELESS_ACTIONS);
        });
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
