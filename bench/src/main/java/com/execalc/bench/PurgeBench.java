package com.execalc.bench;

import com.execalc.local.GatewaySettings;
import com.execalc.local.LocalCloud;
import com.fasterxml.jackson.databind.JsonNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./execalc bench purge [records]}: how long the local stack takes to purge a tenant of {@code records} records
 * (10,000 by default) in two namespaces, from the operator's purge call to the tenant being PURGED, its later rounds
 * continued by the control plane itself; with the time of the first round (the answer to the call) on its own.
 *
 * <p>The records are written straight into dynalite with the admin client, in the shape the tenant API writes them
 * (the namespaces themselves through the API): 10,000 PUTs through the gateway would take minutes and measure nothing
 * the purge does. Each run uses a stack of its own with a grace period of zero days.
 */
public final class PurgeBench {

    private static final int DEFAULT_RECORDS = 10_000;
    private static final List<String> NAMESPACES = List.of("invoices", "orders");

    private PurgeBench() {
    }

    public static void main(String[] args) throws InterruptedException {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_RECORDS;
        for (int run = 1; run <= 3; run++) {
            try (LocalCloud stack = LocalCloud.start(0, GatewaySettings.defaults()
                    .withOffboardingGrace(Duration.ZERO))) {
                measure(stack, records, run);
            }
        }
    }

    private static void measure(LocalCloud stack, int records, int run) throws InterruptedException {
        LocalApi api = new LocalApi(stack.baseUri());
        String tenant = "bench-purge-" + run + "-" + Long.toString(System.nanoTime(), 36);
        api.registerTenant(tenant);
        String admin = api.token(tenant, "alice", "admin");
        String operator = api.token(null, "ops", "platform-admin");
        Map<String, String> incarnations = new HashMap<>();
        for (String namespace : NAMESPACES) {
            LocalApi.expect(201, api.send("PUT", "/namespaces/" + namespace, admin, null));
            Map<String, AttributeValue> item = stack.adminDynamoDb().getItem(get -> get
                    .tableName(stack.tables().data()).consistentRead(true)
                    .key(Map.of("pk", AttributeValue.fromS(tenant), "sk", AttributeValue.fromS("NS#" + namespace))))
                    .item();
            incarnations.put(namespace, item.get("incarnation").s());
        }
        seed(stack.adminDynamoDb(), stack.tables().data(), tenant, incarnations, records);
        LocalApi.expect(200, api.send("POST", "/tenants/" + tenant + "/offboard", operator, null));

        long started = System.nanoTime();
        LocalApi.Response first = api.send("POST", "/tenants/" + tenant + "/purge", operator, null);
        long firstRound = System.nanoTime() - started;
        if (first.status() != 200 && first.status() != 202) {
            throw new IllegalStateException("The purge failed: " + first.status() + " " + first.body());
        }
        String status = api.read(first.body()).get("status").asText();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
        while (!status.equals("PURGED")) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("The purge did not finish in 10 minutes: " + status);
            }
            Thread.sleep(20);
            JsonNode tenantNow = api.read(LocalApi.expect(200, api.send("GET", "/tenants/" + tenant, operator, null))
                    .body());
            status = tenantNow.get("status").asText();
        }
        long total = System.nanoTime() - started;
        System.out.printf("run %d: purged %,d records (+%d namespaces, slots, policy) in %,d ms; first round (%s, %s) "
                        + "%,d ms%n", run, records, NAMESPACES.size(), Duration.ofNanos(total).toMillis(),
                first.status(), api.read(first.body()).get("purge").get("deletedRecords").asText() + " records",
                Duration.ofNanos(firstRound).toMillis());
    }

    /** Writes the records as the tenant API does: one item per record, stamped with its namespace's incarnation. */
    private static void seed(DynamoDbClient dynamoDb, String table, String tenant, Map<String, String> incarnations,
                             int records) {
        List<WriteRequest> batch = new ArrayList<>();
        String now = Instant.now().toString();
        for (int i = 0; i < records; i++) {
            String namespace = NAMESPACES.get(i % NAMESPACES.size());
            String id = String.format("r%06d", i);
            Map<String, AttributeValue> item = Map.of(
                    "pk", AttributeValue.fromS(tenant + "#" + namespace),
                    "sk", AttributeValue.fromS("REC#" + id),
                    "incarnation", AttributeValue.fromS(incarnations.get(namespace)),
                    "namespace", AttributeValue.fromS(namespace),
                    "id", AttributeValue.fromS(id),
                    "version", AttributeValue.fromN("1"),
                    "createdAt", AttributeValue.fromS(now),
                    "updatedAt", AttributeValue.fromS(now),
                    "data", AttributeValue.fromS("{\"n\":" + i + ",\"note\":\"a record of about a hundred bytes\"}"),
                    "auditEventId", AttributeValue.fromS(incarnations.get(namespace)));
            batch.add(WriteRequest.builder().putRequest(put -> put.item(item)).build());
            if (batch.size() == 25 || i == records - 1) {
                List<WriteRequest> pending = List.copyOf(batch);
                while (!pending.isEmpty()) {
                    List<WriteRequest> sending = pending;
                    BatchWriteItemResponse response = dynamoDb.batchWriteItem(write -> write
                            .requestItems(Map.of(table, sending)));
                    pending = response.unprocessedItems().getOrDefault(table, List.of());
                }
                batch.clear();
            }
        }
    }
}
