package com.execalc.access;

import com.execalc.tenancy.TenantId;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The session policy of one tenant's request: what the tenant-scoped credentials may do, at most.
 *
 * <p>Rendered to JSON for STS AssumeRole ({@link #toJson()}), and evaluated in process by the guard
 * ({@link #permits}) with the same rules, so that the local stack, which has no STS, enforces what AWS would:
 * <ul>
 *   <li>data table: GetItem, PutItem, UpdateItem, DeleteItem, Query, BatchWriteItem (the purge's deletes), only on keys that lead with {@code <tenant>} or
 *       {@code <tenant>#...} ({@code ForAllValues:StringLike} on {@code dynamodb:LeadingKeys});</li>
 *   <li>audit table: PutItem, GetItem, Query (insert-only: no UpdateItem, no DeleteItem), only on the tenant's audit
 *       shards, {@code <tenant>} and {@code <tenant>#a...} ({@code ForAllValues:StringLike} on
 *       {@code dynamodb:LeadingKeys}; see {@link TenantKeys#auditShard});</li>
 *   <li>an explicit Deny of every DynamoDB action on both tables when {@code dynamodb:LeadingKeys} is absent (a
 *       {@code Null} condition), because {@code ForAllValues} is true for an empty set: without it a request that carries
 *       no key at all, a Scan, would pass;</li>
 *   <li>nothing else: no Scan, no PartiQL, no other batch or transaction actions, no other table.</li>
 * </ul>
 */
public final class SessionPolicy {

    /** STS refuses plaintext session policies longer than this. */
    public static final int MAX_LENGTH = 2048;

    private final TenantId tenant;
    private final Tables tables;
    private final String json;

    private SessionPolicy(TenantId tenant, Tables tables) {
        this.tenant = tenant;
        this.tables = tables;
        this.json = render();
        if (json.length() > MAX_LENGTH) {
            throw new IllegalStateException("The session policy of tenant " + tenant + " is " + json.length()
                    + " characters; STS accepts at most " + MAX_LENGTH);
        }
    }

    /**
     * Fails at start-up, rather than in some tenant's request, when the tables' ARNs are so long that the policy of
     * the longest possible tenant id would not fit STS's limit.
     *
     * @throws IllegalStateException when it would not fit
     */
    public static void requireFits(Tables tables) {
        forTenant(TenantId.of("a".repeat(63)), tables);
    }

    public static SessionPolicy forTenant(TenantId tenant, Tables tables) {
        return new SessionPolicy(Objects.requireNonNull(tenant, "tenant"), Objects.requireNonNull(tables, "tables"));
    }

    public TenantId tenant() {
        return tenant;
    }

    /** The policy document passed to STS AssumeRole. */
    public String toJson() {
        return json;
    }

    /**
     * Whether this policy allows {@code action} on {@code tableName} for a request whose partition keys are
     * {@code leadingKeys}, by the same rules as the JSON document.
     *
     * @param action      a DynamoDB action name without prefix, e.g. {@code GetItem}
     * @param tableName   the table the request names
     * @param leadingKeys the partition key values of every item the request touches; empty when it carries none
     */
    public boolean permits(String action, String tableName, Collection<String> leadingKeys) {
        if (leadingKeys.isEmpty() || leadingKeys.stream().anyMatch(Objects::isNull)) {
            return false; // the Null-condition Deny
        }
        if (tables.dataTable().equals(tableName)) {
            return dataActions().contains(action)
                    && leadingKeys.stream().allMatch(key -> TenantKeys.belongsTo(key, tenant));
        }
        if (tables.auditTable().equals(tableName)) {
            return auditActions().contains(action)
                    && leadingKeys.stream().allMatch(key -> TenantKeys.isAuditKeyOf(key, tenant));
        }
        return false;
    }

    private static List<String> dataActions() {
        return TenantAccessPolicies.dataActions();
    }

    private static List<String> auditActions() {
        return TenantAccessPolicies.auditActions();
    }

    private String render() {
        return TenantAccessPolicies.document(tenant.value(), tables.dataTableArn(), tables.auditTableArn()).toString();
    }

    @Override
    public String toString() {
        return "SessionPolicy[" + tenant + "]";
    }
}
