package com.execalc.local;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a tenant's audit events straight from the audit table, with Query (never Scan), for tests to compare with
 * what the API answered. The partition also holds the shipper's ledger entries ({@code #SHIPPED#...}), which sort
 * before every event id and are left out here.
 */
final class AuditItems {

    private AuditItems() {
    }

    /** Every audit event in the tenant's partition, in event id order. */
    static List<Map<String, AttributeValue>> events(DynamoDbClient dynamoDb, String auditTable, String tenant) {
        List<Map<String, AttributeValue>> events = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamoDb.query(query -> query.tableName(auditTable)
                    .keyConditionExpression("pk = :pk AND sk BETWEEN :first AND :last")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(tenant),
                            ":first", AttributeValue.fromS("0"), ":last", AttributeValue.fromS("~")))
                    .exclusiveStartKey(from)
                    .consistentRead(true));
            events.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return events;
    }

    /** The events of requests by the tenant's own members: without the platform operators' control-plane events. */
    static List<Map<String, AttributeValue>> memberEvents(DynamoDbClient dynamoDb, String auditTable, String tenant) {
        return events(dynamoDb, auditTable, tenant).stream()
                .filter(event -> !event.get("actor").s().startsWith("platform:"))
                .toList();
    }
}
