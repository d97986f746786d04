package com.execalc.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many tenants at once through the local gateway: reads, writes, executions, audit queries and deliberate cross-tenant
 * attempts from concurrent clients. Afterwards no response may have carried another tenant's data, each tenant's audit
 * trail must hold exactly one event per request its members made, every record version must reference an existing
 * audit event, and nothing may have failed with a 5xx.
 *
 * <p>The default suite runs {@value #DEFAULT_REQUESTS} requests; {@code -Dexecalc.load.requests=20000} (the
 * {@code isolation-long} profile) runs the full load, whose figures docs/ISOLATION.md quotes. Either writes its figures
 * to {@code local/target/isolation/load.md}.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManyTenantsLoadTest {

    static final int DEFAULT_REQUESTS = 4000;
    static final int TENANTS = 20;
    static final int CLIENTS = 16;
    static final int RECORDS = 5;
    static final long SEED = 20_261_127L;

    private static final String MODEL = """
            {"objective":"route a shipment","criteria":[{"name":"cost","weight":1,"direction":"min"},
             {"name":"speed","weight":2,"direction":"max"}],
             "options":[{"name":"air","scores":{"cost":900,"speed":9}},{"name":"sea","scores":{"cost":200,"speed":2}}],
             "riskPosture":"low"}""";

    private final LocalCloud stack;
    private final ApiClient api;
    private final int requests = Integer.getInteger("execalc.load.requests", DEFAULT_REQUESTS);
    private final List<Tenant> tenants = new ArrayList<>();
    private final Map<String, AtomicInteger> requestsByTenant = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> byKind = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicInteger> byStatus = new ConcurrentHashMap<>();
    private final List<String> leaks = Collections.synchronizedList(new ArrayList<>());
    private final List<String> serverErrors = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    private long elapsedMillis;

    /** One tenant of the run, its members' tokens, and the marker its data carries. */
    private record Tenant(String id, String admin, String operator, String viewer, String marker,
                          List<String> executionIds, List<String> cursors) {
    }

    ManyTenantsLoadTest(LocalCloud stack) {
        this.stack = stack;
        this.api = new ApiClient(stack.baseUri());
    }

    private ApiClient.Response send(Tenant tenant, String kind, String method, String path, String token, String body,
                                    Map<String, String> headers) {
        requestsByTenant.computeIfAbsent(tenant.id(), ignored -> new AtomicInteger()).incrementAndGet();
        byKind.computeIfAbsent(kind, ignored -> new AtomicInteger()).incrementAndGet();
        long started = System.nanoTime();
        ApiClient.Response response = api.send(method, path, token, body, headers);
        latencies.add((System.nanoTime() - started) / 1_000);
        byStatus.computeIfAbsent(response.status(), ignored -> new AtomicInteger()).incrementAndGet();
        if (response.status() >= 500) {
            serverErrors.add(kind + " " + method + " " + path + " -> " + response.body());
        }
        for (Tenant other : tenants) {
            if (other != tenant && response.body() != null && response.body().contains(other.marker())) {
                leaks.add(kind + " by " + tenant.id() + " got data of " + other.id());
            }
        }
        return response;
    }

    @BeforeAll
    void tenantsWithData() {
        for (int i = 0; i < TENANTS; i++) {
            String id = ApiClient.uniqueTenant("load" + i);
            api.registerTenant(id);
            tenants.add(new Tenant(id, api.token(id, "admin-" + i, "admin"), api.token(id, "operator-" + i, "operator"),
                    api.token(id, "viewer-" + i, "viewer"), "MARK-" + id + "-MARK", Collections.synchronizedList(new ArrayList<>()),
                    Collections.synchronizedList(new ArrayList<>())));
        }
        for (Tenant tenant : tenants) {
            send(tenant, "setup", "PUT", "/namespaces/data", tenant.admin(), null, Map.of());
            for (int r = 1; r <= RECORDS; r++) {
                send(tenant, "setup", "PUT", "/namespaces/data/records/r" + r, tenant.admin(), body(tenant, 0), Map.of());
            }
            JsonNode page = send(tenant, "setup", "GET", "/namespaces/data/records?limit=2", tenant.viewer(), null, Map.of())
                    .json();
            tenant.cursors().add(page.get("nextCursor").asText());
            tenant.executionIds().add(send(tenant, "setup", "POST", "/namespaces/data/executions", tenant.operator(), MODEL,
                    Map.of()).json().get("executionId").asText());
        }
    }

    private static String body(Tenant tenant, int sequence) {
        return "{\"owner\":\"" + tenant.id() + "\",\"marker\":\"" + tenant.marker() + "\",\"seq\":" + sequence + "}";
    }

    /** One request of the mix, for a tenant picked by the caller. */
    private void oneRequest(Random random, int sequence) {
        Tenant tenant = tenants.get(random.nextInt(TENANTS));
        Tenant other = tenants.get((tenants.indexOf(tenant) + 1 + random.nextInt(TENANTS - 1)) % TENANTS);
        String record = "/namespaces/data/records/r" + (1 + random.nextInt(RECORDS));
        int dice = random.nextInt(100);
        if (dice < 35) {
            send(tenant, "record read", "GET", record, tenant.viewer(), null, Map.of());
        } else if (dice < 55) {
            send(tenant, "record write", "PUT", record, tenant.operator(), body(tenant, sequence), Map.of());
        } else if (dice < 63) {
            send(tenant, "record list", "GET", "/namespaces/data/records?limit=3", tenant.viewer(), null, Map.of());
        } else if (dice < 73) {
            ApiClient.Response run = send(tenant, "execution run", "POST", "/namespaces/data/executions",
                    tenant.operator(), MODEL, Map.of());
            if (run.status() == 201) {
                tenant.executionIds().add(run.json().get("executionId").asText());
            }
        } else if (dice < 78) {
            String id = tenant.executionIds().get(random.nextInt(tenant.executionIds().size()));
            send(tenant, "execution read", "GET", "/namespaces/data/executions/" + id, tenant.viewer(), null, Map.of());
        } else if (dice < 85) {
            send(tenant, "audit query", "GET", "/audit?limit=5&decision=DENY", tenant.admin(), null, Map.of());
        } else if (dice < 88) {
            send(tenant, "session", "GET", "/me", tenant.viewer(), null, Map.of());
        } else {
            crossTenantAttempt(random, tenant, other, record);
        }
    }

    private void crossTenantAttempt(Random random, Tenant tenant, Tenant other, String record) {
        switch (random.nextInt(5)) {
            case 0 -> expect(send(tenant, "attack: foreign cursor", "GET", "/namespaces/data/records?cursor="
                    + other.cursors().get(0), tenant.viewer(), null, Map.of()), 400);
            case 1 -> expect(send(tenant, "attack: foreign execution id", "GET", "/namespaces/data/executions/"
                    + other.executionIds().get(0), tenant.viewer(), null, Map.of()), 404);
            case 2 -> expect(send(tenant, "attack: tenant header", "GET", record, tenant.viewer(), null,
                    Map.of("X-Tenant-Id", other.id())), 403);
            case 3 -> expect(send(tenant, "attack: tenant body field", "PUT", record, tenant.operator(),
                    "{\"tenantId\":\"" + other.id() + "\"}", Map.of()), 403);
            default -> expect(send(tenant, "attack: tenant query", "GET", "/audit?tenantId=" + other.id(),
                    tenant.admin(), null, Map.of()), 403);
        }
    }

    private void expect(ApiClient.Response response, int status) {
        if (response.status() != status) {
            leaks.add("a cross-tenant attempt answered " + response.status() + " instead of " + status + ": "
                    + response.body());
        }
    }

    @Test
    void manyTenants_shouldNeverSeeEachOthersData_andEveryRequestShouldBeAuditedExactlyOnce() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        AtomicInteger next = new AtomicInteger();
        long started = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
            Random random = new Random(SEED + client);
            running.add(clients.submit(() -> {
                for (int sequence = next.getAndIncrement(); sequence < requests; sequence = next.getAndIncrement()) {
                    oneRequest(random, sequence);
                }
            }));
        }
        for (Future<?> client : running) {
            client.get();
        }
        elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        clients.shutdown();

        assertThat(serverErrors).as("5xx responses").isEmpty();
        assertThat(leaks).as("responses with another tenant's data, or cross-tenant attempts that were not refused")
                .isEmpty();
        for (Tenant tenant : tenants) {
            assertThat(AuditItems.memberEvents(stack.adminDynamoDb(), stack.tables().audit(), tenant.id()))
                    .as("audit events of " + tenant.id()).hasSize(requestsByTenant.get(tenant.id()).get());
            for (int r = 1; r <= RECORDS; r++) {
                String sortKey = "REC#r" + r;
                Map<String, AttributeValue> item = stack.adminDynamoDb().getItem(get -> get.tableName(
                        stack.tables().data()).consistentRead(true).key(Map.of(
                        "pk", AttributeValue.fromS(tenant.id() + "#data"),
                        "sk", AttributeValue.fromS(sortKey)))).item();
                Map<String, AttributeValue> event = stack.adminDynamoDb().getItem(get -> get.tableName(
                        stack.tables().audit()).consistentRead(true).key(Map.of(
                        "pk", AttributeValue.fromS(tenant.id()), "sk", item.get("auditEventId")))).item();
                assertThat(event).as("the audit event of %s's r%d version %s", tenant.id(), r, item.get("version").n())
                        .isNotEmpty();
            }
        }
        writeReport();
    }

    private void writeReport() {
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        int total = sorted.length;
        StringBuilder report = new StringBuilder();
        report.append("`ManyTenantsLoadTest` (seed ").append(SEED).append("): ").append(TENANTS).append(" tenants, ")
                .append(CLIENTS).append(" concurrent clients, ").append(total)
                .append(" requests through the local gateway (real authorizer and JWTs, one tenant-api instance per ")
                .append("tenant, dynalite), on this 2-core machine.\n\n")
                .append("| figure | value |\n|---|---:|\n")
                .append("| requests | ").append(total).append(" |\n")
                .append("| wall time | ").append(String.format("%.1f s", elapsedMillis / 1000.0)).append(" |\n")
                .append("| throughput | ").append(String.format("%.0f requests/s", total * 1000.0 / Math.max(1, elapsedMillis)))
                .append(" |\n")
                .append("| latency p50 / p90 / p99 / max | ").append(millis(sorted, 0.50)).append(" / ")
                .append(millis(sorted, 0.90)).append(" / ").append(millis(sorted, 0.99)).append(" / ")
                .append(String.format("%.1f ms", sorted[total - 1] / 1000.0)).append(" |\n")
                .append("| responses carrying another tenant's data | ").append(leaks.size()).append(" |\n")
                .append("| 5xx | ").append(serverErrors.size()).append(" |\n")
                .append("| tenants whose audit count equals their request count | ").append(TENANTS).append(" of ")
                .append(TENANTS).append(" |\n\n")
                .append("| request kind | count |\n|---|---:|\n");
        new TreeMap<>(byKind).forEach((kind, count) -> report.append("| ").append(kind).append(" | ").append(count.get())
                .append(" |\n"));
        report.append("\n| status | count |\n|---|---:|\n");
        new TreeMap<>(byStatus).forEach((status, count) -> report.append("| ").append(status).append(" | ")
                .append(count.get()).append(" |\n"));
        IsolationReport.section(IsolationReport.Section.LOAD, report.toString());
    }

    private static String millis(long[] sortedMicros, double quantile) {
        return String.format("%.1f ms", sortedMicros[(int) Math.min(sortedMicros.length - 1,
                Math.ceil(quantile * sortedMicros.length) - 1)] / 1000.0);
    }
}
