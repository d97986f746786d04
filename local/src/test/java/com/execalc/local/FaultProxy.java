package com.execalc.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A fault-injecting HTTP proxy between the functions and dynalite: the functions get its address as
 * {@code EXECALC_DYNAMODB_ENDPOINT} (see {@link LocalCloud#start(int, Dynalite, URI, java.nio.file.Path, boolean)}),
 * and it forwards every DynamoDB call to dynalite unless a fault rule matches the call.
 *
 * <p>A rule matches on the operation ({@code X-Amz-Target}), the table and optionally a piece of the request body,
 * and applies its fault to the next {@code times} matching attempts. The proxy logs every attempt with the SDK's
 * invocation id ({@code amz-sdk-invocation-id}, the same on every retry of one call), so a test can count the attempts
 * the SDK made per call.
 */
final class FaultProxy implements AutoCloseable {

    /** What the proxy does to a matching attempt. */
    enum Fault {
        /** HTTP 400, {@code ProvisionedThroughputExceededException}: DynamoDB's throttling of a table or partition. */
        PROVISIONED_THROUGHPUT_EXCEEDED,
        /** HTTP 400, {@code ThrottlingException}: DynamoDB's throttling of the control plane or the account. */
        THROTTLING,
        /** HTTP 500, {@code InternalServerError}. */
        INTERNAL_SERVER_ERROR,
        /** HTTP 400, {@code ValidationException}: a failure that the SDK does not retry. */
        VALIDATION,
        /** Never forwards and never answers (until released or {@link #HANG_LIMIT}): a stuck call. */
        HANG,
        /** Forwards the call, so that dynalite commits it, then never answers: a response lost after the commit. */
        LOSE_RESPONSE
    }

    /** How long a hung attempt is held at most when the test does not release it. */
    static final Duration HANG_LIMIT = Duration.ofSeconds(20);

    /**
     * Which attempts a rule applies to; {@code null} matches anything.
     *
     * @param operation    the DynamoDB operation, e.g. {@code PutItem}
     * @param table        the table name of the request
     * @param bodyContains a piece of text the request body must contain
     */
    record Match(String operation, String table, String bodyContains) {

        static Match any() {
            return new Match(null, null, null);
        }

        static Match table(String table) {
            return new Match(null, table, null);
        }

        static Match call(String operation, String table) {
            return new Match(operation, table, null);
        }

        Match containing(String text) {
            return new Match(operation, table, text);
        }

        boolean matches(String operation, String table, String body) {
            return (this.operation == null || this.operation.equals(operation))
                    && (this.table == null || this.table.equals(table))
                    && (bodyContains == null || body.contains(bodyContains));
        }
    }

    /**
     * One attempt as the proxy saw it.
     *
     * @param invocationId the SDK's id of the call; every retry of a call carries the same one
     * @param operation    e.g. {@code PutItem}
     * @param table        the table the request names
     * @param fault        the fault injected, or {@code null} when the attempt was forwarded untouched
     * @param receivedAt   {@link System#nanoTime()} when the attempt arrived
     */
    record Attempt(String invocationId, String operation, String table, Fault fault, long receivedAt) {
    }

    private record Rule(Match match, Fault fault, AtomicInteger remaining) {
    }

    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect",
            "upgrade", "transfer-encoding", "keep-alive", "date", "via", "warning", "from", "referer");

    private final URI target;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fault-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient forward = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch release = new CountDownLatch(1);

    private FaultProxy(URI target) throws IOException {
        this.target = target;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a proxy on a free port of 127.0.0.1 that forwards to {@code target}. */
    static FaultProxy to(URI target) {
        try {
            return new FaultProxy(target);
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the fault proxy", e);
        }
    }

    /** The address the functions should use as their DynamoDB endpoint. */
    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Applies {@code fault} to the next {@code times} attempts that match ({@link Integer#MAX_VALUE}: always). */
    FaultProxy inject(Fault fault, Match match, int times) {
        rules.add(new Rule(match, fault, new AtomicInteger(times)));
        return this;
    }

    /** Removes every rule, releases every hung attempt and forgets the attempts seen so far. */
    void reset() {
        rules.clear();
        CountDownLatch hung = release;
        release = new CountDownLatch(1);
        hung.countDown();
        attempts.clear();
    }

    /** Every attempt seen since the last {@link #reset()}, in arrival order. */
    List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    /** The attempts seen since the last reset, grouped by the SDK call they belong to, in arrival order. */
    Map<String, List<Attempt>> calls() {
        return attempts.stream().collect(Collectors.groupingBy(Attempt::invocationId, LinkedHashMap::new,
                Collectors.toList()));
    }

    /** The calls (each a list of attempts) of one operation on one table, since the last reset. */
    List<List<Attempt>> callsOf(String operation, String table) {
        return calls().values().stream()
                .filter(call -> call.get(0).operation().equals(operation) && call.get(0).table().equals(table))
                .toList();
    }

    @Override
    public void close() {
        reset();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String text = new String(body, StandardCharsets.UTF_8);
            String targetHeader = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = targetHeader == null ? "" : targetHeader.substring(targetHeader.indexOf('.') + 1);
            String table = tableOf(text);
            String invocation = exchange.getRequestHeaders().getFirst("amz-sdk-invocation-id");
            Fault fault = faultFor(operation, table, text);
            attempts.add(new Attempt(invocation == null ? UUID.randomUUID().toString() : invocation, operation, table,
                    fault, System.nanoTime()));
            if (fault == null) {
                relay(exchange, send(exchange, body));
                return;
            }
            switch (fault) {
                case PROVISIONED_THROUGHPUT_EXCEEDED -> error(exchange, 400,
                        "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
                        "The level of configured provisioned throughput for the table was exceeded.");
                case THROTTLING -> error(exchange, 400, "com.amazon.coral.availability#ThrottlingException",
                        "Rate of requests exceeds the allowed throughput.");
                case INTERNAL_SERVER_ERROR -> error(exchange, 500,
                        "com.amazonaws.dynamodb.v20120810#InternalServerError", "Internal server error");
                case VALIDATION -> error(exchange, 400, "com.amazon.coral.validate#ValidationException",
                        "Injected validation failure");
                case HANG -> {
                    hang();
                    error(exchange, 500, "com.amazonaws.dynamodb.v20120810#InternalServerError", "released");
                }
                case LOSE_RESPONSE -> {
                    HttpResponse<byte[]> committed = send(exchange, body);
                    hang();
                    relay(exchange, committed);
                }
                default -> throw new IllegalStateException(fault.name());
            }
        } catch (IOException | RuntimeException clientGone) {
            // the SDK abandoned the attempt (its attempt timeout) while the proxy held it: nothing to answer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Fault faultFor(String operation, String table, String body) {
        for (Rule rule : rules) {
            if (rule.match().matches(operation, table, body) && rule.remaining()
                    .getAndUpdate(left -> left > 0 && left != Integer.MAX_VALUE ? left - 1 : left) > 0) {
                return rule.fault();
            }
        }
        return null;
    }

    private String tableOf(String body) {
        try {
            JsonNode request = json.readTree(body);
            return request == null ? "" : request.path("TableName").asText("");
        } catch (IOException notJson) {
            return "";
        }
    }

    private void hang() throws InterruptedException {
        release.await(HANG_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private HttpResponse<byte[]> send(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI()))
                .timeout(Duration.ofSeconds(30))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase())) {
                values.forEach(value -> request.header(name, value));
            }
        });
        return forward.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void relay(HttpExchange exchange, HttpResponse<byte[]> response) throws IOException {
        response.headers().map().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase()) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, new ArrayList<>(values));
            }
        });
        write(exchange, response.statusCode(), response.body());
    }

    private void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        write(exchange, status, json.writeValueAsBytes(Map.of("__type", type, "message", message)));
    }

    private static void write(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
