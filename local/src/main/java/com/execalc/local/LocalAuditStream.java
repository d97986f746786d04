package com.execalc.local;

import com.execalc.access.TenantKeys;
import com.execalc.api.AuditShipperHandler;
import com.execalc.controlplane.TenantRegistry;
import com.execalc.tenancy.TenantId;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The local stand-in for the audit table's DynamoDB stream (dynalite has none): after a request of a tenant, the new
 * audit items of that tenant are read with a Query on each of its audit partitions (as many shards as its registry
 * entry says) and handed to the real {@link AuditShipperHandler} as a stream event with NEW_IMAGE records, in the
 * background, as a stream would.
 */
public final class LocalAuditStream implements AutoCloseable {

    private final DynamoDbClient admin;
    private final String auditTable;
    private final TenantRegistry registry;
    private final AuditShipperHandler shipper;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "local-audit-stream");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, String> lastDelivered = new ConcurrentHashMap<>();
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final ObjectMapper json = new ObjectMapper();
    private long sequence;

    /** @param registryTable where each tenant's audit shard count is read from */
    public LocalAuditStream(DynamoDbClient admin, String auditTable, String registryTable,
                            AuditShipperHandler shipper) {
        this.admin = admin;
        this.auditTable = auditTable;
        this.registry = new TenantRegistry(admin, registryTable);
        this.shipper = shipper;
    }

    /** Schedules delivery of the tenant's new audit items. */
    public void changed(TenantId tenant) {
        if (pending.add(tenant.value())) {
            worker.submit(() -> {
                pending.remove(tenant.value());
                deliver(tenant);
            });
        }
    }

    /** Waits until everything scheduled so far was delivered. */
    public void awaitIdle() {
        try {
            worker.submit(() -> { }).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("The local audit stream did not drain", e);
        }
    }

    private void deliver(TenantId tenant) {
        int shards = registry.find(tenant).map(record -> record.auditShards().count()).orElse(1);
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int shard = 0; shard < shards; shard++) {
            String partition = TenantKeys.auditPartitionKey(tenant, shard);
            String after = lastDelivered.getOrDefault(partition, "0");
            items.addAll(admin.query(query -> query.tableName(auditTable)
                    .keyConditionExpression("pk = :pk AND sk > :after")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partition),
                            ":after", AttributeValue.fromS(after)))
                    .consistentRead(true)).items());
        }
        if (items.isEmpty()) {
            return;
        }
        ObjectNode event = json.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Map<String, AttributeValue> item : items) {
            ObjectNode dynamodb = records.addObject().put("eventName", "INSERT").put("eventSource", "aws:dynamodb")
                    .putObject("dynamodb");
            dynamodb.put("SequenceNumber", Long.toString(++sequence)).put("StreamViewType", "NEW_IMAGE");
            dynamodb.set("NewImage", DynamoDbJson.image(item, json));
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            shipper.handleRequest(new ByteArrayInputStream(json.writeValueAsBytes(event)), out,
                    new LocalLambdaContext("stream-" + sequence, "audit-shipper", null));
            if (json.readTree(out.toByteArray()).path("batchItemFailures").isEmpty()) {
                // items come in sort key order within each partition, so the last one seen of each is its newest
                items.forEach(item -> lastDelivered.put(item.get("pk").s(), item.get("sk").s()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
