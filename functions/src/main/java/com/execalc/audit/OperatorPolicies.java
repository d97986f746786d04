package com.execalc.audit;

import com.execalc.access.TenantAccessPolicies;
import com.execalc.tenancy.TenantId;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * IAM policies for a tenant's operators to query their tenant's audit log group with CloudWatch Logs Insights, and
 * nothing else: StartQuery, FilterLogEvents and GetLogEvents on that one group. GetQueryResults and StopQuery take
 * no resource in IAM (a query is named only by its random id), so they are allowed on {@code *}; see
 * docs/ISOLATION.md for what that means.
 */
public final class OperatorPolicies {

    /** The policy variable that the template pins the log group with. */

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
        read.putArray("Action").add("logs:StartQuery").add("logs:FilterLogEvents").add("logs:GetLogEvents")
                .add("logs:DescribeLogStreams");
        read.putArray("Resource").add(group).add(group + ":*");
        ObjectNode results = statements.addObject().put("Sid", "ReadResultsOfOwnQueries").put("Effect", "Allow");
        results.putArray("Action").add("logs:GetQueryResults").add("logs:StopQuery");
        results.put("Resource", "*");
        return policy;
    }
}
