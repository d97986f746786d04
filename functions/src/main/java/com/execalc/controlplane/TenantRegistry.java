package com.execalc.controlplane;

import com.execalc.governance.Permit;
import com.execalc.ingress.TenantDirectory;
import com.execalc.ingress.TenantStanding;
import com.execalc.tenancy.AuditShards;
import com.execalc.tenancy.TenantId;
import com.execalc.tenancy.TenantStatus;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The tenant registry table: one item per tenant, partition key {@value #KEY}. An item without {@value #AUDIT_SHARDS}
 * was written before audit sharding and has one shard, its events' old partition {@code <tenant>}. Entries are typed
 * items of one static immutable schema (no bean reflection): reads and creates go through the
 * enhanced client, the conditional partial updates through the same DynamoDB client, decoded by the same schema.
 */
public final class TenantRegistry implements TenantDirectory {

    /** The registry table's partition key attribute. */
    public static final String KEY = "tenantId";
    /** The attribute of the tenant's audit shard count, a number. */
    public static final String AUDIT_SHARDS = "auditShards";
    /** The attribute of an offboarded tenant's earliest purge time, ISO-8601; absent for any other tenant. */
    public static final String PURGE_AFTER = "purgeAfter";
    /**
     * The registry's directory index: partition key {@value #DIRECTORY}, sort key {@value #KEY}. Every entry carries
     * {@value #DIRECTORY} = {@value #DIRECTORY_ALL}, so the platform's readers that need every tenant (the audit
     * digester) page through them with a Query, in tenant id order, never a Scan. Written on registration; the two
     * updates set it too, so an entry from before the index joins at its next change.
     */
    public static final String DIRECTORY_INDEX = "directory";
    /** The directory index's partition key attribute. */
    public static final String DIRECTORY = "directory";
    /** The one directory partition every tenant is listed in. */
    public static final String DIRECTORY_ALL = "tenants";

    private final DynamoDbClient dynamoDb;
    private final TableSchema<TenantRecord> schema = entrySchema();
    private final DynamoDbTable<TenantRecord> table;
    private final String tableName;

    public TenantRegistry(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.table = DynamoDbEnhancedClient.builder().dynamoDbClient(dynamoDb).build().table(tableName, schema);
        this.tableName = tableName;
    }

    /** A registry entry as stored: every attribute of {@link TenantRecord}, times as ISO-8601 text. */
    private static TableSchema<TenantRecord> entrySchema() {
        return StaticImmutableTableSchema.builder(TenantRecord.class, Entry.class)
                .newItemBuilder(Entry::new, Entry::build)
                .addAttribute(String.class, a -> a.name(KEY).getter(t -> t.tenantId().value())
                        .setter((e, v) -> e.tenantId = v).tags(StaticAttributeTags.primaryPartitionKey()))
                .addAttribute(String.class, a -> a.name("displayName").getter(TenantRecord::displayName)
                        .setter((e, v) -> e.displayName = v))
                .addAttribute(String.class, a -> a.name("status").getter(t -> t.status().name())
                        .setter((e, v) -> e.status = v))
                .addAttribute(String.class, a -> a.name("tier").getter(t -> t.tier().wireName())
                        .setter((e, v) -> e.tier = v))
                .addAttribute(String.class, a -> a.name("usageKey").getter(TenantRecord::usageKey)
                        .setter((e, v) -> e.usageKey = v))
                .addAttribute(Integer.class, a -> a.name(AUDIT_SHARDS).getter(t -> t.auditShards().count())
                        .setter((e, v) -> e.auditShards = v))
                .addAttribute(String.class, a -> a.name(DIRECTORY).getter(t -> DIRECTORY_ALL)
                        .setter((e, v) -> { }))
                .addAttribute(String.class, a -> a.name("createdAt").getter(t -> t.createdAt().toString())
                        .setter((e, v) -> e.createdAt = v))
                .addAttribute(String.class, a -> a.name("updatedAt").getter(t -> t.updatedAt().toString())
                        .setter((e, v) -> e.updatedAt = v))
                .addAttribute(String.class, a -> a.name(PURGE_AFTER)
                        .getter(t -> t.purgeAfter() == null ? null : t.purgeAfter().toString())
                        .setter((e, v) -> e.purgeAfter = v))
                .build();
    }

    @Override
    public Optional<TenantStanding> standingOf(TenantId tenantId) {
        return find(tenantId).map(tenant -> new TenantStanding(tenant.status(), tenant.usageKey(),
                tenant.auditShards()));
    }

    /** The registered tenant, read strongly consistent so a suspension takes effect at once. */
    public Optional<TenantRecord> find(TenantId tenantId) {
        return Optional.ofNullable(table.getItem(get -> get
                .key(Key.builder().partitionValue(tenantId.value()).build())
                .consistentRead(true)));
    }

    /**
     * Registers a tenant; only for an operator's request that governance allowed.
     *
     * @throws TenantAlreadyExistsException when the id is taken
     */
    public void create(Permit permit, TenantRecord tenant) {
        Objects.requireNonNull(permit, "permit");
        try {
            table.putItem(put -> put.item(tenant).conditionExpression(Expression.builder()
                    .expression("attribute_not_exists(#key)").putExpressionName("#key", KEY).build()));
        } catch (ConditionalCheckFailedException e) {
            throw new TenantAlreadyExistsException(tenant.tenantId(), e);
        }
    }

    /**
     * Moves a tenant from one of the statuses {@code from} to {@code to}, with a condition DynamoDB checks, so that no
     * concurrent change slips in between the caller's read and this write (a purge that began cannot be reactivated).
     * Only for an operator's request that governance allowed.
     *
     * @param purgeAfter the new {@value #PURGE_AFTER}, or {@code null} to remove it (a tenant back to ACTIVE or
     *                   SUSPENDED) or to keep it ({@code to} is a step of the purge)
     * @throws TenantNotFoundException    when no such tenant is registered
     * @throws TenantStatusConflictException when the tenant is not in one of {@code from} (any more)
     */
    public TenantRecord transition(Permit permit, TenantId tenantId, Set<TenantStatus> from, TenantStatus to,
                                   Instant purgeAfter, Instant now) {
        Objects.requireNonNull(permit, "permit");
        Map<String, String> names = new HashMap<>(Map.of("#key", KEY, "#status", "status", "#updatedAt", "updatedAt",
                "#directory", DIRECTORY));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":status", AttributeValue.fromS(to.name()),
                ":now", AttributeValue.fromS(now.toString()), ":directory", AttributeValue.fromS(DIRECTORY_ALL)));
        List<String> allowed = new ArrayList<>();
        for (TenantStatus status : from) {
            allowed.add(":from" + status.ordinal());
            values.put(":from" + status.ordinal(), AttributeValue.fromS(status.name()));
        }
        String update = "SET #status = :status, #updatedAt = :now, #directory = :directory";
        if (purgeAfter != null) {
            names.put("#purgeAfter", PURGE_AFTER);
            values.put(":purgeAfter", AttributeValue.fromS(purgeAfter.toString()));
            update += ", #purgeAfter = :purgeAfter";
        } else if (!to.isPurge()) {
            names.put("#purgeAfter", PURGE_AFTER);
            update += " REMOVE #purgeAfter";
        }
        String condition = "attribute_exists(#key) AND #status IN (" + String.join(", ", allowed) + ")";
        String expression = update;
        try {
            UpdateItemResponse response = dynamoDb.updateItem(item -> item.tableName(tableName)
                    .key(Map.of(KEY, AttributeValue.fromS(tenantId.value())))
                    .updateExpression(expression)
                    .conditionExpression(condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW));
            return schema.mapToItem(response.attributes());
        } catch (ConditionalCheckFailedException e) {
            TenantRecord current = find(tenantId).orElseThrow(() -> new TenantNotFoundException(tenantId, e));
            throw new TenantStatusConflictException(current.status(), to);
        }
    }

    /**
     * Sets a tenant's tier; only for an operator's request that governance allowed.
     *
     * @throws TenantNotFoundException when no such tenant is registered
     */
    public TenantRecord changeTier(Permit permit, TenantId tenantId, Tier tier, Instant now) {
        Objects.requireNonNull(permit, "permit");
        try {
            UpdateItemResponse response = dynamoDb.updateItem(update -> update.tableName(tableName)
                    .key(Map.of(KEY, AttributeValue.fromS(tenantId.value())))
                    .updateExpression("SET #tier = :tier, #updatedAt = :now, #directory = :directory")
                    .conditionExpression("attribute_exists(#key)")
                    .expressionAttributeNames(Map.of("#key", KEY, "#tier", "tier", "#updatedAt", "updatedAt",
                            "#directory", DIRECTORY))
                    .expressionAttributeValues(Map.of(":tier", AttributeValue.fromS(tier.wireName()),
                            ":now", AttributeValue.fromS(now.toString()), ":directory", AttributeValue.fromS(DIRECTORY_ALL)))
                    .returnValues(ReturnValue.ALL_NEW));
            return schema.mapToItem(response.attributes());
        } catch (ConditionalCheckFailedException e) {
            throw new TenantNotFoundException(tenantId, e);
        }
    }

    /**
     * Sets the tenant's audit shard count, only if that does not lower it: the condition is checked by DynamoDB, so a
     * concurrent change cannot slip a decrease in between a read and this write. Only for an operator's request that
     * governance allowed.
     *
     * @return the tenant as stored: with {@code shards}, or with more when a concurrent raise went higher; never fewer
     * @throws TenantNotFoundException when no such tenant is registered
     */
    public TenantRecord raiseAuditShards(Permit permit, TenantId tenantId, AuditShards shards, Instant now) {
        Objects.requireNonNull(permit, "permit");
        try {
            UpdateItemResponse response = dynamoDb.updateItem(update -> update.tableName(tableName)
                    .key(Map.of(KEY, AttributeValue.fromS(tenantId.value())))
                    .updateExpression("SET #shards = :shards, #updatedAt = :now, #directory = :directory")
                    .conditionExpression("attribute_exists(#key) AND (attribute_not_exists(#shards) OR #shards <= :shards)")
                    .expressionAttributeNames(Map.of("#key", KEY, "#shards", AUDIT_SHARDS, "#updatedAt", "updatedAt",
                            "#directory", DIRECTORY))
                    .expressionAttributeValues(Map.of(":shards", AttributeValue.fromN(shards.wireValue()),
                            ":now", AttributeValue.fromS(now.toString()), ":directory", AttributeValue.fromS(DIRECTORY_ALL)))
                    .returnValues(ReturnValue.ALL_NEW));
            return schema.mapToItem(response.attributes());
        } catch (ConditionalCheckFailedException e) {
            // the tenant is gone, or a concurrent raise went higher between the caller's read and this write: the
            // count is already at least the one asked for, which is what a raise asks (and its audit event says 200)
            return find(tenantId).orElseThrow(() -> new TenantNotFoundException(tenantId, e));
        }
    }

    /**
     * A page of the directory, in tenant id order: one Query on the directory index.
     *
     * @param after the last tenant id of the previous page, or {@code null} for the first
     */
    public DirectoryPage directory(String after, int limit) {
        QueryResponse response = dynamoDb.query(query -> {
            query.tableName(tableName).indexName(DIRECTORY_INDEX)
                    .keyConditionExpression("#directory = :directory")
                    .expressionAttributeNames(Map.of("#directory", DIRECTORY))
                    .expressionAttributeValues(Map.of(":directory", AttributeValue.fromS(DIRECTORY_ALL)))
                    .limit(limit);
            if (after != null) {
                query.exclusiveStartKey(Map.of(DIRECTORY, AttributeValue.fromS(DIRECTORY_ALL),
                        KEY, AttributeValue.fromS(after)));
            }
        });
        List<TenantRecord> tenants = response.items().stream().map(schema::mapToItem).toList();
        boolean more = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty();
        return new DirectoryPage(tenants, more ? tenants.get(tenants.size() - 1).tenantId().value() : null);
    }

    /** A page of the directory. @param next the tenant id to continue after, or {@code null} at the end */
    public record DirectoryPage(List<TenantRecord> tenants, String next) {
        public DirectoryPage {
            tenants = List.copyOf(tenants);
        }
    }

    /** The schema's builder: the stored text, checked and turned into a {@link TenantRecord} by {@link #build()}. */
    private static final class Entry {
        private String tenantId;
        private String displayName;
        private String status;
        private String tier;
        private String usageKey;
        private Integer auditShards;
        private String createdAt;
        private String updatedAt;
        private String purgeAfter;

        /** None stored is one shard (an entry from before sharding); a count out of range fails. */
        TenantRecord build() {
            return new TenantRecord(
                    TenantId.of(tenantId),
                    displayName,
                    TenantStatus.valueOf(status),
                    Tier.fromWireName(tier).orElseThrow(),
                    usageKey,
                    auditShards == null ? AuditShards.one() : storedShards(),
                    Instant.parse(createdAt),
                    Instant.parse(updatedAt),
                    purgeAfter == null ? null : Instant.parse(purgeAfter));
        }

        private AuditShards storedShards() {
            return AuditShards.parse(auditShards.toString()).orElseThrow(() -> new IllegalStateException(
                    "The registry entry of " + tenantId + " holds an invalid audit shard count"));
        }
    }
}
