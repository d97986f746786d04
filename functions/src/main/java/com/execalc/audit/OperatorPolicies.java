package com.execalc.audit;

import com.execalc.access.TenantAccessPolicies;
import com.execalc.tenancy.TenantId;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * IAM policies for a tenant's operators to query their tenant's audit log group with CloudWatch Logs Insights, and
 * nothing else: StartQuery, GetQueryResults, FilterLogEvents, GetLogEvents and DescribeLogStreams on that one group.
 * GetQueryResults is scoped to the queried log group in IAM, like StartQuery, so it is granted on the group only: on
 * {@code *} it would read the results of queries over any group, another tenant's or the functions' own (which hold
 * every tenant's request lines). Only StopQuery (which needs a query id that StartQuery returned) and
 * DescribeQueryDefinitions (the saved queries, which name no group) take no resource and are allowed on {@code *}.
 *
 * <p>The one source of these documents: the CDK app's {@code TenantAuditReader} managed policy is {@link #template}.
 */
public final class OperatorPolicies {

    private OperatorPolicies() {
    }

    /**
     * The policy of one tenant's operators.
     *
     * @param logGroupArnPrefix e.g. {@code arn:aws:logs:eu-west-1:123456789012:log-group:/execalc/tenants}
     */
    public static ObjectNode forTenant(String logGroupArnPrefix, TenantId tenant) {
        return document(logGroupArnPrefix, tenant.value());
    }

    /**
     * One managed policy for every tenant's operators: the tenant comes from the principal's {@code tenant_id} tag
     * (an IAM Identity Center attribute or a role tag), so no operator can name another tenant's group.
     */
    public static ObjectNode template(String logGroupArnPrefix) {
        return document(logGroupArnPrefix, TenantAccessPolicies.TENANT_TAG_VARIABLE);
    }

    private static ObjectNode document(String prefix, String tenant) {
        String group = prefix + "/" + tenant + "/audit";
        ObjectNode policy = JsonNodeFactory.instance.objectNode().put("Version", "2012-10-17");
        var statements = policy.putArray("Statement");
        ObjectNode read = statements.addObject().put("Sid", "QueryOwnTenantAuditLogGroup").put("Effect", "Allow");
        read.putArray("Action").add("logs:StartQuery").add("logs:GetQueryResults").add("logs:FilterLogEvents")
                .add("logs:GetLogEvents").add("logs:DescribeLogStreams");
        read.putArray("Resource").add(group).add(group + ":*");
        // IAM has no resource type for these two. DescribeLogGroups is left out on purpose: it would list every
        // tenant's log group, so every tenant id
        ObjectNode unscoped = statements.addObject().put("Sid", "StopQueriesAndListSavedQueries").put("Effect", "Allow");
        unscoped.putArray("Action").add("logs:StopQuery").add("logs:DescribeQueryDefinitions");
        unscoped.put("Resource", "*");
        return policy;
    }
}
