package com.execalc.local;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads a tenant's data straight from the data table, with Query (never Scan), for tests to compare before and after:
 * the tenant partition ({@code pk = <tenant>}: namespaces and the policy) and the partition of every namespace it lists
 * ({@code pk = <tenant>#<namespace>}: records and executions), plus any namespace partitions named explicitly.
 */
final class TenantPartitions {

    private TenantPartitions() {
    }

    /** Every item of the tenant's data partitions, by partition key, in key order. */
    static Map<String, List<Map<String, AttributeValue>>> snapshot(DynamoDbClient dynamoDb, String dataTable,
                                                                  String tenant, String... moreNamespaces) {
        Map<String, List<Map<String, AttributeValue>>> partitions = new LinkedHashMap<>();
        List<Map<String, AttributeValue>> tenantItems = query(dynamoDb, dataTable, tenant);
        partitions.put(tenant, tenantItems);
        TreeSet<String> namespaces = new TreeSet<>(List.of(moreNamespaces));
        tenantItems.stream().map(item -> item.get("sk").s()).filter(sk -> sk.startsWith("NS#"))
                .forEach(sk -> namespaces.add(sk.substring(3)));
        namespaces.forEach(namespace -> partitions.put(tenant + "#" + namespace,
                query(dynamoDb, dataTable, tenant + "#" + namespace)));
        return partitions;
    }

    /**
     * Removes a namespace's item and frees its slot, as a delete that has finished does, but leaves its partition as
     * it is: what a delete that raced a writer left behind before issue 12's item 3 was fixed.
     */
    static void removeNamespaceAsADeleteDoes(DynamoDbClient dynamoDb, String dataTable, String tenant,
                                             String namespace) {
        dynamoDb.deleteItem(delete -> delete.tableName(dataTable).key(Map.of(
                "pk", AttributeValue.fromS(tenant), "sk", AttributeValue.fromS("NS#" + namespace))));
        dynamoDb.updateItem(update -> update.tableName(dataTable)
                .key(Map.of("pk", AttributeValue.fromS(tenant), "sk", AttributeValue.fromS("NAMESPACES")))
                .updateExpression("REMOVE slots.#name")
                .expressionAttributeNames(Map.of("#name", namespace)));
    }

    /** Every item of one partition, in sort key order. */
    static List<Map<String, AttributeValue>> query(DynamoDbClient dynamoDb, String table, String partitionKey) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            Map<String, AttributeValue> from = startKey;
            QueryResponse page = dynamoDb.query(query -> {
                query.tableName(table)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partitionKey)))
                        .consistentRead(true);
                if (from != null) {
                    query.exclusiveStartKey(from);
                }
            });
            items.addAll(page.items());
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
        return items;
    }
}
