package com.execalc.controlplane;

import com.execalc.ingress.TenantDirectory;
import com.execalc.ingress.TenantStanding;
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
import java.util.Optional;

/** The tenant registry table: one item per tenant, partition key {@value #KEY}. */
public final class TenantRegistry implements TenantDirectory {

    /** The registry table's partition key attribute. */
    public static final String KEY = "tenantId";

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public TenantRegistry(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    @Override
    public Optional<TenantStanding> standingOf(TenantId tenantId) {
        return find(tenantId).map(tenant -> new TenantStanding(tenant.status(), tenant.usageKey()));
    }

    /** The registered tenant, read strongly consistent so a suspension takes effect at once. */
    public Optional<TenantRecord> find(TenantId tenantId) {
        GetItemResponse response = dynamoDb.getItem(get -> get.tableName(tableName)
                .key(Map.of(KEY, AttributeValue.fromS(tenantId.value())))
                .consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(fromItem(response.item())) : Optional.empty();
    }

    /** @throws TenantAlreadyExistsException when the id is taken */
    public void create(TenantRecord tenant) {
        try {
            dynamoDb.putItem(put -> put.tableName(tableName)
                    .item(toItem(tenant))
                    .conditionExpression("attribute_not_exists(#key)")
                    .expressionAttributeNames(Map.of("#key", KEY)));
        } catch (ConditionalCheckFailedException e) {
            throw new TenantAlreadyExistsException(tenant.tenantId(), e);
        }
    }

    /** @throws TenantNotFoundException when no such tenant is registered */
    public TenantRecord updateStatus(TenantId tenantId, TenantStatus status, Instant now) {
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

    private static Map<String, AttributeValue> toItem(TenantRecord tenant) {
        return Map.of(
                KEY, AttributeValue.fromS(tenant.tenantId().value()),
                "displayName", AttributeValue.fromS(tenant.displayName()),
                "status", AttributeValue.fromS(tenant.status().name()),
                "tier", AttributeValue.fromS(tenant.tier().wireName()),
                "usageKey", AttributeValue.fromS(tenant.usageKey()),
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
                Instant.parse(item.get("createdAt").s()),
                Instant.parse(item.get("updatedAt").s()));
    }
}
