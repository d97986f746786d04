package com.execalc.access;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The IAM policy documents of tenant access, written once: the per-request {@link SessionPolicy} (for one named
 * tenant) and the tenant-access role's own policy (for whichever tenant the session's {@code tenant_id} tag names), so
 * that isolation holds even if a session policy were missing.
 */
public final class TenantAccessPolicies {

    /** The policy variable that the role policy pins keys with. */
    public static final String TENANT_TAG_VARIABLE = "${aws:PrincipalTag/" + StsTenantCredentials.TENANT_TAG + "}";

    private static final String DATA_STATEMENT = "TenantData";

    private TenantAccessPolicies() {
    }

    /**
     * DynamoDB actions on the data table. BatchWriteItem is the purge's bulk delete: {@code dynamodb:LeadingKeys} holds
     * every key of a batch, so it is pinned to the tenant like a single write.
     */
    static List<String> dataActions() {
        return List.of("GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "BatchWriteItem");
    }

    /** DynamoDB actions on the audit table: insert and read, never update or delete. */
    static List<String> auditActions() {
        return List.of("PutItem", "GetItem", "Query");
    }

    /**
     * The tenant-access role's identity policy: the same statements as a session policy, with the tenant taken from
     * the session tag, plus a Deny for sessions that carry no tenant tag.
     *
     * @param dataTableArn  the data table's ARN (a CloudFormation token is fine)
     * @param auditTableArn the audit table's ARN
     */
    public static ObjectNode rolePolicy(String dataTableArn, String auditTableArn) {
        ObjectNode policy = document(TENANT_TAG_VARIABLE, dataTableArn, auditTableArn);
        ObjectNode noTag = ((ArrayNode) policy.get("Statement")).addObject().put("Sid", "NoTenantTagNoAccess")
                .put("Effect", "Deny").put("Action", "dynamodb:*");
        resources(noTag, dataTableArn, auditTableArn);
        noTag.putObject("Condition").putObject("Null").put("aws:PrincipalTag/" + StsTenantCredentials.TENANT_TAG, "true");
        return policy;
    }

    /**
     * The tenant-audit role's identity policy: the tenant-access role's without its data statement, for the functions
     * that act inside a tenant only to audit (the authorizer's denials, the control plane's events, the shipper's
     * ledger). Whatever session policy such a function asks for, its sessions can never touch a tenant's data.
     */
    public static ObjectNode auditRolePolicy(String dataTableArn, String auditTableArn) {
        ObjectNode policy = rolePolicy(dataTableArn, auditTableArn);
        ArrayNode statements = (ArrayNode) policy.get("Statement");
        for (int i = statements.size() - 1; i >= 0; i--) {
            if (DATA_STATEMENT.equals(statements.get(i).path("Sid").asText())) {
                statements.remove(i);
            }
        }
        return policy;
    }

    /** The statements shared by the session policy and the role policy, for the tenant key value {@code tenant}. */
    static ObjectNode document(String tenant, String dataTableArn, String auditTableArn) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode policy = nodes.objectNode().put("Version", "2012-10-17");
        ArrayNode statements = policy.putArray("Statement");

        ObjectNode data = statements.addObject().put("Sid", DATA_STATEMENT).put("Effect", "Allow");
        dataActions().forEach(action -> data.withArray("Action").add("dynamodb:" + action));
        data.putArray("Resource").add(dataTableArn);
        data.putObject("Condition").putObject("ForAllValues:StringLike").putArray("dynamodb:LeadingKeys")
                .add(tenant).add(tenant + "#*");

        ObjectNode audit = statements.addObject().put("Sid", "TenantAuditInsertOnly").put("Effect", "Allow");
        auditActions().forEach(action -> audit.withArray("Action").add("dynamodb:" + action));
        audit.putArray("Resource").add(auditTableArn);
        // shard 0 is <tenant>, shard k is <tenant>#a<k>; a tenant id holds no '#', so <tenant>#a* stays in the tenant
        audit.putObject("Condition").putObject("ForAllValues:StringLike").putArray("dynamodb:LeadingKeys")
                .add(tenant).add(tenant + "#" + TenantKeys.AUDIT_SHARD_MARK + "*");

        // ForAllValues is true for an empty set: without this Deny a request that carries no key (a Scan) would pass
        ObjectNode noKey = statements.addObject().put("Sid", "NoTenantKeyNoAccess").put("Effect", "Deny")
                .put("Action", "dynamodb:*");
        resources(noKey, dataTableArn, auditTableArn);
        noKey.putObject("Condition").putObject("Null").put("dynamodb:LeadingKeys", "true");
        return policy;
    }

    private static void resources(ObjectNode statement, String dataTableArn, String auditTableArn) {
        statement.putArray("Resource").add(dataTableArn).add(dataTableArn + "/index/*")
                .add(auditTableArn).add(auditTableArn + "/index/*");
    }
}
