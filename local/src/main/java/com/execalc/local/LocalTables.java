package com.execalc.local;

import com.execalc.controlplane.TenantRegistry;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The tables of the local stack, with the key schemas the functions use (the CDK app declares the same ones).
 *
 * @param registry the tenant registry table
 */
public record LocalTables(String registry) {

    /** The default table names of the local stack. */
    public static LocalTables defaults() {
        return new LocalTables("execalc-tenants");
    }

    /** Creates every table that does not exist yet. */
    public void create(DynamoDbClient dynamoDb) {
        createTable(dynamoDb, registry, TenantRegistry.KEY);
    }

    private static void createTable(DynamoDbClient dynamoDb, String name, String partitionKey) {
        try {
            dynamoDb.createTable(table -> table.tableName(name)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName(partitionKey)
                            .attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName(partitionKey).keyType(KeyType.HASH).build()));
        } catch (ResourceInUseException alreadyThere) {
            // an on-disk dynalite keeps its tables across restarts
        }
    }
}
