package com.execalc.controlplane;

import com.execalc.governance.Permit;
import com.execalc.ingress.TenantDirectory;
import com.execalc.ingress.TenantStanding;
import com.execalc.tenancy.AuditShards;
import com.execalc.tenancy.TenantId;
import com.execalc.tenancy.TenantStatus;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The tenant registry table: one item per tenant, partition key {@value #KEY}. An item without {@value #AUDIT_SHARDS}
 * was written before audit sharding and has one shard, its events' old partition {@code <tenant>}.
 */
public final class TenantRegistry implements TenantDirectory {

    /** The registry table's partition key attribute. */
    public static final String KEY = "tenantId";
    /** The attribute of the tenant's audit shard count, a number. */
    public static final String AUDIT_SHARDS = "auditShards";

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public TenantRegistry(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    @Override
    public Optional<TenantStanding> standingOf(TenantId tenantId) {
        return find(tenantId).map(tenant -> new TenantStanding(tenant.status(), tenant.usageKey(),
                tenant.auditShards()));
    }

    /** The registered tenant, read strongly consistent so a suspension takes effect at once. */
    public Optional<TenantRecord> find(TenantId tenantId) {
        GetItemResponse response = dynamoDb.getItem(get -> get.tableName(tableName)
                .key(Map.of(KEY, AttributeValue.fromS(tenantId.value())))
                .consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(fromItem(response.item())) : Optional.empty();
    }

    /**
     * Registers a tenant; only for an operator's request that governance allowed.
     *
     * @throws TenantAlreadyExistsException when the id is taken
     */
    public void create(Permit permit, TenantRecord tenant) {
        Objects.requireNonNull(permit, "permit");
        try {
            dynamoDb.putItem(put -> put.tableName(tableName)
                    .item(toItem(tenant))
                    .conditionExpression("attribute_not_exists(#key)")
                    .expressionAttributeNames(Map.of("#key", KEY)));
        } catch (ConditionalCheckFailedException e) {
            throw new TenantAlreadyExistsException(tenant.tenantId(), e);
        }
    }

    /**
     * Sets a tenant's status; only for an operator's request that governance allowed.
     *
     * @throws TenantNotFoundException when no such tenant is registered
     */
    public TenantRecord updateStatus(Permit permit, TenantId tenantId, TenantStatus status, Instant now) {
        Objects.requireNonNull(permit, "permit");
        try {
            UpdateItemResponse response = dynamoDb.updateItem(update -> update.tableName(tableName)
                    .key(Map.of(KEY, AttributeValue.fromS(tenantId.value())))
                    .updateExpression("SET #status = :status, #updatedAt = :now")
                    .conditionExpression("attribute_exists(#key)")
                    .expressionAttributeNames(Map.of("#key", KEY, "#status", "status", "#updatedAt", "updatedAt"))
                    .expressionAttributeValues(Map.of(":status", AttributeValue.fromS(status.name()),
                            ":now", AttributeValue.fromS(now.toString())))
                    .returnValues(ReturnValue.ALL_NEW));
            return fromItem(response.attributes());
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
                    .updateExpression("SET #shards = :shards, #updatedAt = :now")
                    .conditionExpression("attribute_exists(#key) AND (attribute_not_exists(#shards) OR #shards <= :shards)")
                    .expressionAttributeNames(Map.of("#key", KEY, "#shards", AUDIT_SHARDS, "#updatedAt", "updatedAt"))
                    .expressionAttributeValues(Map.of(":shards", AttributeValue.fromN(shards.wireValue()),
                            ":now", AttributeValue.fromS(now.toString())))
                    .returnValues(ReturnValue.ALL_NEW));
            return fromItem(response.attributes());
        } catch (ConditionalCheckFailedException e) {
            // the tenant is gone, or a concurrent raise went higher between the caller's read and this write: the
            // count is already at least the one asked for, which is what a raise asks (and its audit event says 200)
            return find(tenantId).orElseThrow(() -> new TenantNotFoundException(tenantId, e));
        }
    }

    private static Map<String, AttributeValue> toItem(TenantRecord tenant) {
        return Map.of(
                KEY, AttributeValue.fromS(tenant.tenantId().value()),
                "displayName", AttributeValue.fromS(tenant.displayName()),
                "status", AttributeValue.fromS(tenant.status().name()),
                "tier", AttributeValue.fromS(tenant.tier().wireName()),
                "usageKey", AttributeValue.fromS(tenant.usageKey()),
                AUDIT_SHARDS, AttributeValue.fromN(tenant.auditShards().wireValue()),
                "createdAt", AttributeValue.fromS(tenant.createdAt().toString()),
                "updatedAt", AttributeValue.fromS(tenant.updatedAt().toString()));
    }

    private static TenantRecord fromItem(Map<String, AttributeValue> item) {
        return new TenantRecord(
                TenantId.of(item.get(KEY).s()),
                item.get("displayName").s(),
                TenantStatus.valueOf(item.get("status").s()),
                Tier.fromWireName(item.get("tier").s()).orElseThrow(),
                item.get("usageKey").s(),
                auditShardsOf(item),
                Instant.parse(item.get("createdAt").s()),
                Instant.parse(item.get("updatedAt").s()));
    }

    /** The stored count; none stored is one shard (an entry from before sharding); anything unreadable fails. */
    private static AuditShards auditShardsOf(Map<String, AttributeValue> item) {
        AttributeValue stored = item.get(AUDIT_SHARDS);
        if (stored == null) {
            return AuditShards.one();
        }
        return AuditShards.parse(stored.n()).orElseThrow(() -> new IllegalStateException(
                "The registry entry of " + item.get(KEY).s() + " holds an invalid audit shard count"));
    }
}
