package com.execalc.access;

import com.execalc.tenancy.ExecutionContext;
import com.execalc.tenancy.ExecutionId;
import com.execalc.tenancy.NamespaceId;
import com.execalc.tenancy.RecordId;
import com.execalc.tenancy.TenantId;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;
import java.util.Objects;

/**
 * The one place that builds keys, and only from an open execution context. See the package documentation for the key
 * design.
 */
public final class TenantKeys {

    /** The partition key attribute of both tenant tables. */
    public static final String PARTITION_KEY = "pk";
    /** The sort key attribute of both tenant tables. */
    public static final String SORT_KEY = "sk";
    /** Sort key prefix of namespace items. */
    public static final String NAMESPACE_PREFIX = "NS#";
    /** Sort key prefix of records. */
    public static final String RECORD_PREFIX = "REC#";
    /** Sort key prefix of governed executions. */
    public static final String EXECUTION_PREFIX = "EXE#";
    /** Sort key of the tenant's governance policy. */
    public static final String POLICY_SORT_KEY = "POLICY";

    private static final char SEPARATOR = '#';

    private final TenantId tenant;

    private TenantKeys(TenantId tenant) {
        this.tenant = tenant;
    }

    /** The keys of the context's tenant. @throws com.execalc.tenancy.ExecutionContextClosedException after close */
    public static TenantKeys of(ExecutionContext context) {
        return new TenantKeys(context.tenantId());
    }

    /** The partition of tenant-level items: namespaces, the policy. */
    public Partition tenantPartition() {
        return new Partition(tenant.value());
    }

    /** The partition that holds one namespace's records and executions. */
    public Partition namespacePartition(NamespaceId namespace) {
        return new Partition(tenant.value() + SEPARATOR + namespace.value());
    }

    /** The audit partition of the tenant, in the audit table. */
    public Partition auditPartition() {
        return new Partition(tenant.value());
    }

    public ItemKey namespace(NamespaceId namespace) {
        return tenantPartition().item(NAMESPACE_PREFIX + namespace.value());
    }

    public ItemKey policy() {
        return tenantPartition().item(POLICY_SORT_KEY);
    }

    public ItemKey record(NamespaceId namespace, RecordId id) {
        return namespacePartition(namespace).item(RECORD_PREFIX + id.value());
    }

    public ItemKey execution(NamespaceId namespace, ExecutionId id) {
        return namespacePartition(namespace).item(EXECUTION_PREFIX + id.value());
    }

    /** Whether a partition key value belongs to {@code tenant}: the tenant id itself or {@code <tenant>#...}. */
    public static boolean belongsTo(String partitionKey, TenantId tenant) {
        return partitionKey != null && (partitionKey.equals(tenant.value())
                || partitionKey.startsWith(tenant.value() + SEPARATOR));
    }

    /** A partition key value of the context's tenant. Only {@link TenantKeys} makes them. */
    public static final class Partition {

        private final String value;

        private Partition(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }

        /** The key of one item in this partition. */
        public ItemKey item(String sortKey) {
            return new ItemKey(this, sortKey);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Partition partition && partition.value.equals(value);
        }

        @Override
        public int hashCode() {
            return value.hashCode();
        }

        @Override
        public String toString() {
            return value;
        }
    }

    /**
     * The full key of one item.
     *
     * @param partition the partition, from {@link TenantKeys}
     * @param sortKey   the sort key value
     */
    public record ItemKey(Partition partition, String sortKey) {

        public ItemKey {
            Objects.requireNonNull(partition, "partition");
            if (sortKey == null || sortKey.isEmpty()) {
                throw new IllegalArgumentException("sortKey must not be empty");
            }
        }

        /** The DynamoDB key map. */
        public Map<String, AttributeValue> toKey() {
            return Map.of(PARTITION_KEY, AttributeValue.fromS(partition.value()), SORT_KEY, AttributeValue.fromS(sortKey));
        }
    }
}
