package com.execalc.audit;

import java.util.List;

/**
 * The saved CloudWatch Logs Insights queries over a tenant's shipped audit stream ({@code /execalc/tenants/<tenant>/audit},
 * one JSON audit event per log line). The CDK app saves them as query definitions; the README shows them.
 */
public final class AuditQueries {

    /**
     * A saved query.
     *
     * @param name        its name in the console, e.g. {@code execalc/audit/denials}
     * @param queryString the Logs Insights query
     */
    public record Query(String name, String queryString) {
    }

    private AuditQueries() {
    }

    public static List<Query> all() {
        return List.of(
                new Query("execalc/audit/denials",
                        "fields @timestamp, actorType, actor, action, resource, reason, outcome, requestId\n"
                                + "| filter decision = \"DENY\"\n"
                                + "| sort @timestamp desc"),
                new Query("execalc/audit/actions-by-actor",
                        "stats count(*) as requests, sum(decision = \"DENY\") as denials by actorType, actor, action\n"
                                + "| sort requests desc"),
                new Query("execalc/audit/policy-changes",
                        "fields @timestamp, actor, details.previousPolicy, details.newPolicy, requestId\n"
                                + "| filter action = \"policy.put\" and decision = \"ALLOW\" and outcome = 200\n"
                                + "| sort @timestamp desc"),
                new Query("execalc/audit/executions-by-status",
                        "filter action = \"execution.run\"\n"
                                + "| stats count(*) as executions by details.executionStatus"));
    }
}
