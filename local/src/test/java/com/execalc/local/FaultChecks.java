package com.execalc.local;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** What the fault suites share: the SDK's limits as the functions configure them, and reads of the tables. */
final class FaultChecks {

    /** Attempts per DynamoDB call: the standard retry strategy of {@code AwsClients}. */
    static final int MAX_ATTEMPTS = 3;
    /** {@code AwsClients.ATTEMPT_TIMEOUT}. */
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);
    /** {@code AwsClients.CALL_TIMEOUT}. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(6);
    /** What a request adds on top of its DynamoDB calls: the gateway, the authorizer, JSON, a loaded machine. */
    static final Duration SLACK = Duration.ofMillis(1500);

    private FaultChecks() {
    }

    /** A request, its answer and how long the answer took. */
    record Timed(ApiClient.Response response, Duration took) {
        int status() {
            return response.status();
        }

        String requestId() {
            List<String> ids = response.headers().get("x-request-id");
            return ids == null || ids.isEmpty() ? null : ids.get(0);
        }
    }

    static Timed timed(ApiClient api, String method, String path, String token, String body) {
        long started = System.nanoTime();
        ApiClient.Response response = api.send(method, path, token, body, Map.of());
        return new Timed(response, Duration.ofNanos(System.nanoTime() - started));
    }

    /** Sends the requests at once, each on its own thread, and returns their answers in the same order. */
    @SafeVarargs
    static List<Timed> concurrently(Supplier<Timed>... requests) {
        ExecutorService pool = Executors.newFixedThreadPool(requests.length);
        try {
            List<Future<Timed>> answers = new ArrayList<>();
            for (Supplier<Timed> request : requests) {
                answers.add(pool.submit(request::get));
            }
            List<Timed> timed = new ArrayList<>();
            for (Future<Timed> answer : answers) {
                timed.add(answer.get(60, TimeUnit.SECONDS));
            }
            return timed;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("A request failed or hung", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The error shape every failure answers with: {@code {"error":{"code","message","requestId"}}}. */
    static void assertErrorShape(ApiClient.Response response) {
        assertThat(response.json().at("/error/code").isTextual()).as("error code of %s", response.body()).isTrue();
        assertThat(response.json().at("/error/message").isTextual()).as("error message of %s", response.body()).isTrue();
        assertThat(response.json().at("/error/requestId").isTextual()).as("request id of %s", response.body()).isTrue();
    }

    /** A 503 in the JSON error shape, with one of the two unavailability codes. */
    static void assertUnavailable(ApiClient.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(503);
        assertErrorShape(response);
        assertThat(response.errorCode()).isIn("SERVICE_UNAVAILABLE", "AUDIT_UNAVAILABLE");
    }

    /** Every item of the given partitions of the data table, by {@code pk|sk}, read with Query. */
    static Map<String, Map<String, AttributeValue>> dataItems(DynamoDbClient admin, String dataTable,
                                                                Collection<String> partitions) {
        Map<String, Map<String, AttributeValue>> items = new TreeMap<>();
        for (String partition : partitions) {
            for (Map<String, AttributeValue> item : TenantPartitions.query(admin, dataTable, partition)) {
                items.put(item.get("pk").s() + "|" + item.get("sk").s(), item);
            }
        }
        return items;
    }

    /** The record item, if any. */
    static Optional<Map<String, AttributeValue>> record(LocalCloud stack, String tenant, String namespace, String id) {
        Map<String, AttributeValue> item = stack.adminDynamoDb().getItem(get -> get.tableName(stack.tables().data())
                .consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(tenant + "#" + namespace),
                        "sk", AttributeValue.fromS("REC#" + id)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    /** The tenant's audit events by event id. */
    static Map<String, Map<String, AttributeValue>> eventsById(LocalCloud stack, String tenant) {
        Map<String, Map<String, AttributeValue>> events = new TreeMap<>();
        AuditItems.events(stack.adminDynamoDb(), stack.tables().audit(), tenant)
                .forEach(event -> events.put(event.get("eventId").s(), event));
        return events;
    }

    /** The tenant's audit events of one request. */
    static List<Map<String, AttributeValue>> eventsOf(LocalCloud stack, String tenant, String requestId) {
        return AuditItems.events(stack.adminDynamoDb(), stack.tables().audit(), tenant).stream()
                .filter(event -> event.get("requestId").s().equals(requestId))
                .toList();
    }
}
