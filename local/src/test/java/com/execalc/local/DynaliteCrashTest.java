package com.execalc.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static com.execalc.local.FaultChecks.CALL_TIMEOUT;
import static com.execalc.local.FaultChecks.SLACK;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dynalite, on disk, is killed twice while clients of several tenants keep writing, and restarted on the same port and
 * data; the gateway and the functions are never restarted.
 *
 * <p>Shown: requests inside the functions when dynalite dies fail with 503 in the JSON error shape (never 500, never a
 * hang past the SDK's bounds); requests that arrive while it is down are refused at ingress with a retryable 503 (the
 * authorizer cannot read the tenant registry and fails closed, without a Deny that API Gateway would cache); afterwards every data item carries an existing ALLOW audit event of the very
 * request whose body it holds (no record version without its event, no partial writes), the versions each client saw
 * are consecutive except where one of its own writes failed, and the same gateway serves again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DynaliteCrashTest {

    private static final int TENANTS = 3;
    private static final int CLIENTS_PER_TENANT = 2;
    private static final int CLIENTS = TENANTS * CLIENTS_PER_TENANT;
    private static final int REQUESTS_PER_CLIENT = 60;
    private static final int TOTAL = CLIENTS * REQUESTS_PER_CLIENT;
    /** Each client writes its own records, so that it alone decides their versions. */
    private static final int RECORDS_PER_CLIENT = 3;
    /** The completed requests after which dynalite is killed. */
    private static final List<Integer> KILL_AT = List.of(TOTAL / 5, TOTAL * 11 / 20);
    private static final Duration OUTAGE = Duration.ofSeconds(1);
    /** A client waits this long after a failed request, as a real client backs off. */
    private static final Duration CLIENT_BACKOFF = Duration.ofMillis(50);
    private static final String EXECUTION = "{\"objective\":\"pick a supplier\","
            + "\"criteria\":[{\"name\":\"cost\",\"weight\":0.4,\"direction\":\"min\"},"
            + "{\"name\":\"quality\",\"weight\":0.6,\"direction\":\"max\"}],"
            + "\"options\":[{\"name\":\"A\",\"scores\":{\"cost\":120,\"quality\":7}},"
            + "{\"name\":\"B\",\"scores\":{\"cost\":100,\"quality\":5}}],"
            + "\"riskPosture\":\"low\",\"expiresAt\":\"2099-01-01T00:00:00Z\"}";

    private final ObjectMapper json = new ObjectMapper();
    private LocalCloud stack;
    private ApiClient api;
    private URI gatewayBefore;
    private final List<String> tenants = new ArrayList<>();
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private final Queue<Sent> sent = new ConcurrentLinkedQueue<>();
    private final List<Sent> afterRecovery = new ArrayList<>();
    private final AtomicInteger completed = new AtomicInteger();
    private int kills;
    /** The tests that failed; the report row is written only when none did. */
    private final Set<String> failed = ConcurrentHashMap.newKeySet();

    @RegisterExtension
    final TestWatcher watcher = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            failed.add(context.getDisplayName());
        }

        @Override
        public void testAborted(ExtensionContext context, Throwable cause) {
            failed.add(context.getDisplayName());
        }
    };

    /**
     * One request as a client saw it.
     *
     * @param operation  what it did: {@code put}, {@code get}, {@code execution}, {@code namespace}, {@code create},
     *                   {@code delete}
     * @param recordId   the record it named, if any
     * @param body       what it sent
     * @param status     the answer's status, or -1 when no answer came
     * @param requestId  the answer's {@code X-Request-Id} when a function answered; none when the gateway answered
     *                   without calling one (see {@link #answeredIn})
     */
    record Sent(int client, String tenant, int sequence, String operation, String recordId, String body, int status,
                String errorCode, boolean errorShape, String requestId, JsonNode answer, Duration took) {

        boolean succeeded() {
            return status >= 200 && status < 300;
        }

        /** This request, without its id unless a function answered it: the gateway's own answers carry one too. */
        Sent answeredIn(Set<String> answeredByAFunction) {
            return requestId == null || answeredByAFunction.contains(requestId) ? this
                    : new Sent(client, tenant, sequence, operation, recordId, body, status, errorCode, errorShape, null,
                            answer, took);
        }

        /** Answered by the gateway itself: the authorizer refused it, so no function ran. */
        boolean refusedAtIngress() {
            return requestId == null && (status == 403 || status == 503);
        }

        boolean isMutation() {
            return !operation.equals("get");
        }
    }

    @BeforeAll
    void writeThroughTwoCrashes() throws Exception {
        Path data = Files.createTempDirectory("execalc-dynalite-data");
        stack = LocalCloud.start(0, Dynalite.onDisk(data), Files.createTempDirectory("execalc-audit-logs"), false);
        api = new ApiClient(stack.baseUri());
        gatewayBefore = stack.baseUri();
        for (int t = 0; t < TENANTS; t++) {
            String tenant = ApiClient.uniqueTenant("crash" + t);
            api.registerTenant(tenant);
            tokens.put(tenant, api.token(tenant, "writer", "operator"));
            assertThat(api.send("PUT", "/namespaces/orders", tokens.get(tenant), null, Map.of()).status())
                    .isEqualTo(201);
            tenants.add(tenant);
        }

        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            running.add(clients.submit(() -> runClient(client)));
        }
        try {
            for (int killAt : KILL_AT) {
                awaitCompleted(killAt);
                stack.dynalite().kill();
                kills++;
                Thread.sleep(OUTAGE.toMillis());
                stack.dynalite().start();
            }
            for (Future<?> client : running) {
                client.get(120, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }

        // the same gateway, never restarted, serves every tenant again
        for (String tenant : tenants) {
            String token = tokens.get(tenant);
            afterRecovery.add(send(-1, tenant, 0, "put", "after", "PUT", "/namespaces/orders/records/after",
                    "{\"marker\":\"" + tenant + "-after\"}", token));
            afterRecovery.add(send(-1, tenant, 1, "get", "after", "GET", "/namespaces/orders/records/after", null,
                    token));
            afterRecovery.add(send(-1, tenant, 2, "list", null, "GET", "/namespaces/orders/records?limit=100", null,
                    token));
            afterRecovery.add(send(-1, tenant, 3, "execution", null, "POST", "/namespaces/orders/executions",
                    EXECUTION, token));
            afterRecovery.add(send(-1, tenant, 4, "audit", null, "GET", "/audit?limit=5", null, token));
        }
        Set<String> answeredByAFunction = FunctionAnswers.requestIds(stack);
        List<Sent> byFunctions = sent.stream().map(request -> request.answeredIn(answeredByAFunction)).toList();
        sent.clear();
        sent.addAll(byFunctions);
        afterRecovery.replaceAll(request -> request.answeredIn(answeredByAFunction));
        stack.awaitAuditShipped();
    }

    @AfterAll
    void stop() {
        if (failed.isEmpty()) {
            writeReport();
        }
        if (stack != null) {
            stack.close();
        }
    }

    private void awaitCompleted(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (completed.get() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The clients stalled at " + completed.get() + " requests");
            }
            Thread.sleep(5);
        }
    }

    private String tenantOf(int client) {
        return tenants.get(client % TENANTS);
    }

    private void runClient(int client) {
        String tenant = tenantOf(client);
        String token = tokens.get(tenant);
        for (int n = 0; n < REQUESTS_PER_CLIENT; n++) {
            String id = "w" + client + "-" + (n % RECORDS_PER_CLIENT);
            Sent result = switch (n % 10) {
                case 0, 1, 2, 3, 4 -> send(client, tenant, n, "put", id, "PUT", "/namespaces/orders/records/" + id,
                        "{\"client\":" + client + ",\"seq\":" + n + ",\"marker\":\"" + tenant + "-" + id + "-" + n
                                + "\"}", token);
                case 5 -> send(client, tenant, n, "get", id, "GET", "/namespaces/orders/records/" + id, null, token);
                case 6 -> send(client, tenant, n, "execution", null, "POST", "/namespaces/orders/executions",
                        EXECUTION, token);
                case 7 -> send(client, tenant, n, "namespace", null, "PUT", "/namespaces/c" + client + "-n" + n, null,
                        token);
                case 8 -> send(client, tenant, n, "create", "d" + client + "-" + n, "PUT",
                        "/namespaces/orders/records/d" + client + "-" + n, "{\"marker\":\"" + tenant + "-d\"}", token);
                default -> send(client, tenant, n, "delete", "d" + client + "-" + (n - 1), "DELETE",
                        "/namespaces/orders/records/d" + client + "-" + (n - 1), null, token);
            };
            sent.add(result);
            completed.incrementAndGet();
            if (!result.succeeded()) {
                sleep(CLIENT_BACKOFF);
            }
        }
    }

    private Sent send(int client, String tenant, int sequence, String operation, String recordId, String method,
                      String path, String body, String token) {
        long started = System.nanoTime();
        ApiClient.Response response;
        try {
            response = api.send(method, path, token, body, Map.of());
        } catch (IllegalStateException noAnswer) {
            return new Sent(client, tenant, sequence, operation, recordId, body, -1, null, false, null, null,
                    Duration.ofNanos(System.nanoTime() - started));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        boolean shape = response.json().at("/error/code").isTextual() && response.json().at("/error/message").isTextual()
                && response.json().at("/error/requestId").isTextual();
        return new Sent(client, tenant, sequence, operation, recordId, body, response.status(),
                response.status() >= 400 ? response.errorCode() : null, shape,
                response.answeredByAFunction() ? response.requestId() : null, response.json(), took);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<Sent> all() {
        return List.copyOf(sent);
    }

    private Map<String, Map<String, AttributeValue>> items(String tenant) {
        List<String> partitions = new ArrayList<>(List.of(tenant, tenant + "#orders"));
        return FaultChecks.dataItems(stack.adminDynamoDb(), stack.tables().data(), partitions);
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyRequest_shouldBeAnsweredWithin_theSdkBounds_neverHanging() {
        // a failing request makes at most two bounded DynamoDB calls after its last good one: the failing call and
        // the audit event at the end of the request
        assertThat(all()).hasSize(TOTAL).allSatisfy(request -> {
            assertThat(request.status()).as("answered").isNotEqualTo(-1);
            assertThat(request.took()).isLessThanOrEqualTo(CALL_TIMEOUT.multipliedBy(2).plus(SLACK));
        });
    }

    @Test
    void requestsInFlightWhenDynaliteDies_shouldFailWith503_inTheJsonErrorShape_never500() {
        List<Sent> failed = all().stream().filter(request -> !request.succeeded()).toList();
        List<Sent> inFunction = failed.stream().filter(request -> !request.refusedAtIngress()).toList();

        assertThat(failed).allSatisfy(request -> assertThat(request.errorShape()).as("JSON error shape").isTrue());
        assertThat(all()).noneSatisfy(request -> assertThat(request.status()).isBetween(500, 502));
        assertThat(inFunction).as("requests that failed inside a function").isNotEmpty().allSatisfy(request -> {
            if (request.status() == 404) {
                // a read or delete of a record whose create had failed in an earlier outage
                assertThat(request.operation()).isIn("get", "delete");
            } else {
                assertThat(request.status()).isEqualTo(503);
                assertThat(request.errorCode()).isIn("SERVICE_UNAVAILABLE", "AUDIT_UNAVAILABLE");
            }
        });
        assertThat(inFunction).anySatisfy(request -> assertThat(request.status()).isEqualTo(503));
    }

    @Test
    void requestsArrivingWhileDynaliteIsDown_shouldBeRefusedAtIngress_failClosed() {
        // the authorizer cannot read the tenant registry, so it lets nothing pass (ingress/package-info.java)
        List<Sent> refused = all().stream().filter(Sent::refusedAtIngress).toList();

        assertThat(refused).isNotEmpty().allSatisfy(request -> {
            assertThat(request.errorCode()).isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(request.answer().toString()).doesNotContain("marker");
        });
    }

    @Test
    void requestsArrivingWhileDynaliteIsDown_shouldBeTold503_soThatTheyRetry_notA403() {
        assertThat(all()).filteredOn(Sent::refusedAtIngress).isNotEmpty()
                .allSatisfy(request -> assertThat(request.status()).isEqualTo(503));
    }

    @Test
    void everyDataItem_shouldCarryAnExistingAllowEvent_ofTheRequestWhoseBodyItHolds() {
        Map<String, Sent> byRequest = all().stream().filter(request -> request.requestId() != null)
                .collect(Collectors.toMap(Sent::requestId, request -> request));
        Set<String> afterRecoveryIds = afterRecovery.stream().map(Sent::requestId)
                .collect(Collectors.toSet());
        for (String tenant : tenants) {
            Map<String, Map<String, AttributeValue>> events = FaultChecks.eventsById(stack, tenant);
            Map<String, Map<String, AttributeValue>> items = items(tenant);
            assertThat(items).isNotEmpty();
            items.forEach((key, item) -> {
                Map<String, AttributeValue> event = events.get(item.get("auditEventId").s());
                assertThat(event).as("the event of %s", key).isNotNull();
                assertThat(event.get("decision").s()).as(key).isEqualTo("ALLOW");
                assertThat(event.get("tenantId").s()).as(key).isEqualTo(tenant);
                String sk = item.get("sk").s();
                Sent writer = byRequest.get(event.get("requestId").s());
                if (writer == null) {
                    // written before the clients started or after they stopped
                    assertThat(sk.equals("NS#orders") || afterRecoveryIds.contains(event.get("requestId").s()))
                            .as("%s was written by a request of this test", key).isTrue();
                    return;
                }
                assertThat(writer).as("the request that wrote %s", key).isNotNull();
                assertThat(writer.tenant()).isEqualTo(tenant);
                if (sk.startsWith("REC#")) {
                    assertThat(event.get("action").s()).isEqualTo("record.put");
                    assertThat(event.get("resource").s()).isEqualTo("orders/" + item.get("id").s());
                    assertThat(writer.recordId()).isEqualTo(item.get("id").s());
                    // no partial write: the item holds exactly that request's body, and every attribute
                    assertThat(parse(item.get("data").s())).isEqualTo(parse(writer.body()));
                    assertThat(item.keySet()).contains("namespace", "id", "version", "createdAt", "updatedAt",
                            "data", "auditEventId");
                } else if (sk.startsWith("EXE#")) {
                    assertThat(event.get("action").s()).isEqualTo("execution.run");
                    assertThat(writer.operation()).isEqualTo("execution");
                } else if (sk.startsWith("NS#")) {
                    assertThat(event.get("action").s()).isEqualTo("namespace.create");
                    assertThat(writer.operation()).isEqualTo("namespace");
                }
            });
        }
    }

    @Test
    void everySuccessfulMutation_shouldHaveItsAuditEvent_withItsOutcome() {
        for (String tenant : tenants) {
            Map<String, Map<String, AttributeValue>> byRequest = FaultChecks.eventsById(stack, tenant).values().stream()
                    .collect(Collectors.toMap(event -> event.get("requestId").s(), event -> event, (a, b) -> a));
            assertThat(all()).filteredOn(request -> request.tenant().equals(tenant) && request.isMutation()
                    && request.succeeded()).isNotEmpty().allSatisfy(request -> {
                        Map<String, AttributeValue> event = byRequest.get(request.requestId());
                        assertThat(event).as("event of %s %s", request.operation(), request.recordId()).isNotNull();
                        assertThat(event.get("decision").s()).isEqualTo("ALLOW");
                        assertThat(event.get("outcome").n()).isEqualTo(Integer.toString(request.status()));
                    });
        }
    }

    @Test
    void theVersionsEachClientSaw_shouldBeConsecutive_exceptWhereOneOfItsOwnWritesFailed() {
        Map<String, List<Sent>> putsByRecord = all().stream().filter(request -> request.operation().equals("put"))
                .sorted((a, b) -> Integer.compare(a.sequence(), b.sequence()))
                .collect(Collectors.groupingBy(request -> request.tenant() + "/" + request.recordId(),
                        LinkedHashMap::new, Collectors.toList()));
        assertThat(putsByRecord).hasSize(CLIENTS * RECORDS_PER_CLIENT);
        putsByRecord.forEach((record, puts) -> {
            long version = 0;
            int mayHaveCommitted = 0;
            Sent lastSuccess = null;
            for (Sent put : puts) {
                if (put.succeeded()) {
                    long seen = put.answer().path("version").asLong();
                    assertThat(seen - version - 1).as("versions skipped before %s of %s", seen, record)
                            .isBetween(0L, (long) mayHaveCommitted);
                    assertThat(put.answer().path("data")).isEqualTo(parse(put.body()));
                    version = seen;
                    mayHaveCommitted = 0;
                    lastSuccess = put;
                } else if (put.requestId() != null) {
                    mayHaveCommitted++; // failed inside the function: its write may or may not have committed
                }
            }
            String tenant = record.substring(0, record.indexOf('/'));
            String id = record.substring(record.indexOf('/') + 1);
            Map<String, AttributeValue> item = FaultChecks.record(stack, tenant, "orders", id).orElse(null);
            if (lastSuccess == null) {
                return;
            }
            assertThat(item).as(record).isNotNull();
            long stored = Long.parseLong(item.get("version").n());
            assertThat(stored - version).as("versions after the last success of " + record)
                    .isBetween(0L, (long) mayHaveCommitted);
            if (stored == version) {
                assertThat(parse(item.get("data").s())).isEqualTo(parse(lastSuccess.body()));
            }
        });
    }

    @Test
    void successfullyDeletedRecords_shouldStayDeleted() {
        assertThat(all()).filteredOn(request -> request.operation().equals("delete") && request.status() == 204)
                .isNotEmpty().allSatisfy(request -> assertThat(FaultChecks.record(stack, request.tenant(), "orders",
                        request.recordId())).as(request.recordId()).isEmpty());
    }

    @Test
    void theSameGateway_shouldServeEveryTenantAgain_withoutARestart() {
        assertThat(stack.baseUri()).isEqualTo(gatewayBefore);
        assertThat(afterRecovery).hasSize(TENANTS * 5)
                .allSatisfy(request -> assertThat(request.status()).as(request.operation()).isBetween(200, 201));
        assertThat(afterRecovery).filteredOn(request -> request.operation().equals("get"))
                .allSatisfy(request -> assertThat(request.answer().path("data").path("marker").asText())
                        .isEqualTo(request.tenant() + "-after"));
    }

    private void writeReport() {
        List<Sent> all = all();
        String ingress = all.stream().filter(Sent::refusedAtIngress)
                .map(request -> request.status() + " " + request.errorCode()).distinct().sorted()
                .collect(Collectors.joining(" or "));
        System.out.printf("DynaliteCrashTest: %d requests; by status: %s; slowest: %s%n", all.size(),
                all.stream().collect(Collectors.groupingBy(request -> request.status() + " "
                        + (request.errorCode() == null ? "" : request.errorCode())
                        + (request.refusedAtIngress() ? " ingress" : ""), TreeMap::new, Collectors.counting())),
                all.stream().map(Sent::took).max(Duration::compareTo).orElse(Duration.ZERO));
        FaultReport.rows(List.of(FaultReport.row("1.1",
                "dynalite (on disk) killed " + kills + " times under load and restarted on the same port and data; "
                        + "gateway and functions never restarted",
                TOTAL + " (" + CLIENTS + " clients of " + TENANTS + " tenants: record puts, reads, executions, "
                        + "namespace creates, record creates and deletes), then " + afterRecovery.size()
                        + " after recovery",
                "2xx; 503 SERVICE_UNAVAILABLE or AUDIT_UNAVAILABLE (in flight at a kill: at least one); "
                        + ingress + " at ingress (arrived while down: the authorizer cannot read the registry); "
                        + "404 only for a "
                        + "read or delete of a record whose create had failed; 500: none; after recovery: 2xx only",
                "no 500, no request unanswered or past two call timeouts; every error in the JSON shape; every data "
                        + "item carries an existing ALLOW event of the request whose body it holds (no version "
                        + "without its event, no partial write); every successful mutation has its event with its "
                        + "outcome; versions consecutive except after a failed write of the same client; deleted "
                        + "records stay deleted",
                "pass")));
    }
}
