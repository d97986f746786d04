package com.execalc.access;

import com.execalc.tenancy.AuditShards;
import com.execalc.tenancy.ExecutionContext;
import com.execalc.tenancy.ExecutionId;
import com.execalc.tenancy.NamespaceId;
import com.execalc.tenancy.RecordId;
import com.execalc.tenancy.TenantId;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    /** Sort key of the tenant's namespace slots: which namespaces exist or are being created. */
    public static final String NAMESPACE_SLOTS_SORT_KEY = "NAMESPACES";
    /** Sort key of the tenant's governance policy. */
    public static final String POLICY_SORT_KEY = "POLICY";

    /** What follows {@code <tenant>#} in the partition key of audit shard 1 and above: {@code <tenant>#a<shard>}. */
    public static final String AUDIT_SHARD_MARK = "a";

    private static final char SEPARATOR = '#';
    /** An audit partition key: {@code <tenant>} (shard 0) or {@code <tenant>#a<shard>}, shard 1 to 15, no zero padding. */
    private static final Pattern AUDIT_PARTITION = Pattern.compile("([a-z0-9][a-z0-9-]{2,62})(?:#a([1-9][0-9]?))?");
    /** The Crockford base32 alphabet of event ids (ULIDs). */
    private static final String ULID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final int ULID_LENGTH = 26;
    /** The last 12 characters of a ULID: the low 60 of its 80 random bits. */
    private static final int ULID_LOW_RANDOM_CHARS = 12;

    private final TenantId tenant;
    private final AuditShards auditShards;

    private TenantKeys(TenantId tenant, AuditShards auditShards) {
        this.tenant = tenant;
        this.auditShards = auditShards;
    }

    /** The keys of the context's tenant. @throws com.execalc.tenancy.ExecutionContextClosedException after close */
    public static TenantKeys of(ExecutionContext context) {
        return new TenantKeys(context.tenantId(), context.tenant().auditShards());
    }

    /** The partition of tenant-level items: namespaces, the policy. */
    public Partition tenantPartition() {
        return new Partition(tenant.value());
    }

    /** The partition that holds one namespace's records and executions. */
    public Partition namespacePartition(NamespaceId namespace) {
        return new Partition(tenant.value() + SEPARATOR + namespace.value());
    }

    /**
     * One audit partition of the tenant, in the audit table: shard 0 is {@code <tenant>} (the partition of every tenant
     * before sharding), shard {@code k} is {@code <tenant>#a<k>}.
     *
     * @throws IllegalArgumentException when the shard is not below the context's shard count
     */
    public Partition auditShard(int shard) {
        if (shard < 0 || shard >= auditShards.count()) {
            throw new IllegalArgumentException("Audit shard " + shard + " is not one of the tenant's "
                    + auditShards.count());
        }
        return new Partition(auditPartitionKey(tenant, shard));
    }

    /**
     * The partition key of a tenant's audit shard, for the platform's own readers of the audit table (the audit
     * stream); requests take theirs from {@link #auditShard} and {@link #auditPartitions}, bounded by their context.
     */
    public static String auditPartitionKey(TenantId tenant, int shard) {
        if (shard < 0) {
            throw new IllegalArgumentException("Audit shard " + shard + " is negative");
        }
        return shard == 0 ? tenant.value() : tenant.value() + SEPARATOR + AUDIT_SHARD_MARK + shard;
    }

    /** Every audit partition of the tenant, shard 0 first: what a read of the whole audit trail must query. */
    public List<Partition> auditPartitions() {
        List<Partition> partitions = new ArrayList<>(auditShards.count());
        for (int shard = 0; shard < auditShards.count(); shard++) {
            partitions.add(auditShard(shard));
        }
        return List.copyOf(partitions);
    }

    /**
     * The audit partition an event is written to, chosen from its id: the same id always lands in the same shard, and
     * ids spread evenly over the shards.
     *
     * @throws IllegalArgumentException when {@code eventId} is not an event id (a ULID)
     */
    public Partition auditPartitionOf(String eventId) {
        return auditShard(auditShardOf(eventId, auditShards));
    }

    /**
     * The shard of an event id among {@code shards}: the low 60 of the ULID's 80 random bits, modulo the count. The
     * random bits are uniform, so they need no further hashing, and 2^60 is so much larger than 16 that the modulo's
     * bias is below one in 10^16. The time part is left out: it would put each millisecond's events in one shard.
     *
     * @throws IllegalArgumentException when {@code eventId} is not 26 characters of Crockford base32
     */
    static int auditShardOf(String eventId, AuditShards shards) {
        if (eventId == null || eventId.length() != ULID_LENGTH) {
            throw new IllegalArgumentException("Not an event id: " + eventId);
        }
        long random = 0;
        for (int i = 0; i < ULID_LENGTH; i++) {
            int digit = ULID_ALPHABET.indexOf(eventId.charAt(i));
            if (digit < 0) {
                throw new IllegalArgumentException("Not an event id: " + eventId);
            }
            if (i >= ULID_LENGTH - ULID_LOW_RANDOM_CHARS) {
                random = (random << 5) | digit;
            }
        }
        return (int) (random % shards.count());
    }

    /**
     * A stored audit partition key, read back: its tenant and its shard.
     *
     * @param tenant the tenant it belongs to
     * @param shard  0 for {@code <tenant>}, {@code k} for {@code <tenant>#a<k>}
     */
    public record AuditPartitionKey(TenantId tenant, int shard) {

        public AuditPartitionKey {
            Objects.requireNonNull(tenant, "tenant");
            if (shard < 0 || shard >= AuditShards.MAX) {
                throw new IllegalArgumentException("Audit shard " + shard + " is out of range");
            }
        }
    }

    /**
     * Reads an audit partition key that DynamoDB handed back (a stream record): which tenant and which shard. Nothing
     * is guessed: anything but {@code <tenant>} or {@code <tenant>#a<k>} with {@code k} from 1 to 15 written without
     * leading zeros (the only keys {@link #auditShard} makes) is empty.
     */
    public static Optional<AuditPartitionKey> readAuditPartition(String partitionKey) {
        if (partitionKey == null) {
            return Optional.empty();
        }
        Matcher key = AUDIT_PARTITION.matcher(partitionKey);
        if (!key.matches()) {
            return Optional.empty();
        }
        int shard = key.group(2) == null ? 0 : Integer.parseInt(key.group(2));
        return shard < AuditShards.MAX
                ? Optional.of(new AuditPartitionKey(TenantId.of(key.group(1)), shard))
                : Optional.empty();
    }

    public ItemKey namespace(NamespaceId namespace) {
        return tenantPartition().item(NAMESPACE_PREFIX + namespace.value());
    }

    /** The tenant's namespace slots, next to its namespaces (its sort key does not begin with {@code NS#}). */
    public ItemKey namespaceSlots() {
        return tenantPartition().item(NAMESPACE_SLOTS_SORT_KEY);
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

    /**
     * Whether a partition key value is one the tenant's audit statement allows: the tenant id itself or
     * {@code <tenant>#a...}, as IAM's {@code StringLike} reads {@code ["<tenant>", "<tenant>#a*"]}. Wider than the
     * shards {@link #auditShard} makes ({@code <tenant>#abc} matches too), but never outside the tenant, whose id cannot
     * hold {@code #}.
     */
    public static boolean isAuditKeyOf(String partitionKey, TenantId tenant) {
        return partitionKey != null && (partitionKey.equals(tenant.value())
                || partitionKey.startsWith(tenant.value() + SEPARATOR + AUDIT_SHARD_MARK));
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
