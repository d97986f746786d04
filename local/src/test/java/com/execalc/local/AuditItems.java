package com.execalc.local;

import com.execalc.tenancy.AuditShards;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a tenant's audit events straight from the audit table, with Query (never Scan), for tests to compare with
 * what the API answered. A tenant's events are spread over its audit shards, {@code pk = <tenant>} (shard 0) and
 * {@code pk = <tenant>#a<k>}; every shard there can be is read, whatever the tenant's count, so that an event in a
 * shard the tenant should not have is found too. The partitions also hold the shipper's ledger entries
 * ({@code #SHIPPED#...}), which sort before every event id and are left out here.
 */
final class AuditItems {

    private AuditItems() {
    }

    /** The partition key of one audit shard of a tenant, as the documented key design has it. */
    static String shardPartition(String tenant, int shard) {
        return shard == 0 ? tenant : tenant + "#a" + shard;
    }

    /** Every audit event of the tenant, from all its possible shards, in event id order. */
    static List<Map<String, AttributeValue>> events(DynamoDbClient dynamoDb, String auditTable, String tenant) {
        List<Map<String, AttributeValue>> events = new ArrayList<>();
        eventsByShard(dynamoDb, auditTable, tenant).values().forEach(events::addAll);
        events.sort(Comparator.comparing(event -> event.get("sk").s()));
        return events;
    }

    /** The audit events of each possible shard partition of the tenant (empty ones included), by partition key. */
    static Map<String, List<Map<String, AttributeValue>>> eventsByShard(DynamoDbClient dynamoDb, String auditTable,
                                                                       String tenant) {
        Map<String, List<Map<String, AttributeValue>>> shards = new LinkedHashMap<>();
        for (int shard = 0; shard < AuditShards.MAX; shard++) {
            String partition = shardPartition(tenant, shard);
            shards.put(partition, query(dynamoDb, auditTable, partition, "0", "~"));
        }
        return shards;
    }

    /** The shipper's ledger entries in one partition. */
    static List<Map<String, AttributeValue>> ledger(DynamoDbClient dynamoDb, String auditTable, String partition) {
        return query(dynamoDb, auditTable, partition, "#SHIPPED#", "#SHIPPED#~");
    }

    /** The events of requests by the tenant's own members: without the platform operators' control-plane events. */
    static List<Map<String, AttributeValue>> memberEvents(DynamoDbClient dynamoDb, String auditTable, String tenant) {
        return events(dynamoDb, auditTable, tenant).stream()
                .filter(AuditItems::isMemberEvent)
                .toList();
    }

    /** Whether an audit item records a member's request (and not a platform operator's), by its actor type. */
    static boolean isMemberEvent(Map<String, AttributeValue> event) {
        AttributeValue actorType = event.get("actorType");
        return actorType != null && "MEMBER".equals(actorType.s());
    }

    private static List<Map<String, AttributeValue>> query(DynamoDbClient dynamoDb, String auditTable,
                                                           String partition, String first, String last) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamoDb.query(query -> query.tableName(auditTable)
                    .keyConditionExpression("pk = :pk AND sk BETWEEN :first AND :last")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partition),
                            ":first", AttributeValue.fromS(first), ":last", AttributeValue.fromS(last)))
                    .exclusiveStartKey(from)
                    .consistentRead(true));
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }
}
