package com.execalc.local;

import com.execalc.access.Tables;
import com.execalc.access.TenantKeys;
import com.execalc.controlplane.TenantRegistry;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.util.ArrayList;
import java.util.List;

/**
 * The tables of the local stack, with the key schemas the functions use (the CDK app declares the same ones).
 *
 * @param registry the tenant registry table
 * @param data     the tenant data table
 * @param audit    the tenant audit table
 */
public record LocalTables(String registry, String data, String audit) {

    /** The account id in the local tables' ARNs. */
    public static final String ACCOUNT = "000000000000";

    /**
     * The local stand-in for API Gateway's API keys ({@link LocalUsageKeys}): a table of the local stack only, never
     * one the functions address.
     */
    public static final String API_KEYS = "execalc-local-api-keys";

    /** The default table names of the local stack. */
    public static LocalTables defaults() {
        return new LocalTables("execalc-tenants", "execalc-data", "execalc-audit");
    }

    /** The tenant tables as the functions address them. */
    public Tables tenantTables() {
        return new Tables(arn(data), arn(audit));
    }

    /** Creates every table that does not exist yet. */
    public void create(DynamoDbClient dynamoDb) {
        createRegistry(dynamoDb, registry);
        createTable(dynamoDb, data, TenantKeys.PARTITION_KEY, TenantKeys.SORT_KEY);
        createTable(dynamoDb, audit, TenantKeys.PARTITION_KEY, TenantKeys.SORT_KEY);
        createTable(dynamoDb, API_KEYS, LocalUsageKeys.KEY, null);
    }

    /** The registry, with its directory index as the CDK app declares it ({@link TenantRegistry#DIRECTORY_INDEX}). */
    private static void createRegistry(DynamoDbClient dynamoDb, String registry) {
        try {
            dynamoDb.createTable(table -> table.tableName(registry)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName(TenantRegistry.KEY)
                                    .attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName(TenantRegistry.DIRECTORY)
                                    .attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName(TenantRegistry.KEY).keyType(KeyType.HASH)
                            .build())
                    .globalSecondaryIndexes(index -> index.indexName(TenantRegistry.DIRECTORY_INDEX)
                            .keySchema(KeySchemaElement.builder().attributeName(TenantRegistry.DIRECTORY)
                                            .keyType(KeyType.HASH).build(),
                                    KeySchemaElement.builder().attributeName(TenantRegistry.KEY)
                                            .keyType(KeyType.RANGE).build())
                            .projection(projection -> projection.projectionType(ProjectionType.ALL))));
        } catch (ResourceInUseException alreadyThere) {
            // an on-disk dynalite keeps its tables across restarts
        }
    }

    private static String arn(String table) {
        return "arn:aws:dynamodb:" + LocalCloud.REGION + ":" + ACCOUNT + ":table/" + table;
    }

    private static void createTable(DynamoDbClient dynamoDb, String name, String partitionKey, String sortKey) {
        List<AttributeDefinition> attributes = new ArrayList<>();
        List<KeySchemaElement> keys = new ArrayList<>();
        attributes.add(AttributeDefinition.builder().attributeName(partitionKey).attributeType(ScalarAttributeType.S)
                .build());
        keys.add(KeySchemaElement.builder().attributeName(partitionKey).keyType(KeyType.HASH).build());
        if (sortKey != null) {
            attributes.add(AttributeDefinition.builder().attributeName(sortKey).attributeType(ScalarAttributeType.S)
                    .build());
            keys.add(KeySchemaElement.builder().attributeName(sortKey).keyType(KeyType.RANGE).build());
        }
        try {
            dynamoDb.createTable(table -> table.tableName(name)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(attributes)
                    .keySchema(keys));
        } catch (ResourceInUseException alreadyThere) {
            // an on-disk dynalite keeps its tables across restarts
        }
    }
}
