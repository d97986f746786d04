package com.execalc.packaging;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A stand-in for Lambda's Runtime API ({@code 2018-06-01}) on 127.0.0.1, for one function process: the build's
 * training runs, the package tests and the cold-start benchmark point {@code AWS_LAMBDA_RUNTIME_API} at it.
 *
 * <p>It serves {@code GET /runtime/invocation/next} (blocking until an invocation is queued, with the
 * {@code Lambda-Runtime-*} headers, {@code Lambda-Runtime-Aws-Tenant-Id} included when the invocation has a tenant),
 * {@code POST /runtime/invocation/{id}/response}, {@code /{id}/error} and {@code /runtime/init/error}, and records
 * when each arrived ({@link System#nanoTime()}).
 */
public final class RuntimeApiStandIn implements AutoCloseable {

    private static final String PREFIX = "/2018-06-01/runtime/";
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    /**
     * One invocation to hand out.
     *
     * @param requestId the id the function answers under
     * @param event     the event's bytes
     * @param tenantId  the tenant Lambda names for a tenant-isolated function, or null
     */
    public record Invocation(String requestId, byte[] event, String tenantId) {
        public Invocation {
            Objects.requireNonNull(requestId, "requestId");
            event = event.clone();
        }

        /** An invocation with a fresh request id. */
        public static Invocation of(byte[] event, String tenantId) {
            return new Invocation(UUID.randomUUID().toString(), event, tenantId);
        }
    }

    /**
     * What the function posted for an invocation, or at initialisation.
     *
     * @param kind      {@code response}, {@code error} or {@code init-error}
     * @param body      what it posted
     * @param errorType the {@code Lambda-Runtime-Function-Error-Type} header of an error, or null
     * @param at        when it arrived, {@link System#nanoTime()}
     */
    public record Outcome(String kind, String body, String errorType, long at) {

        public boolean isResponse() {
            return kind.equals("response");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "runtime-api-stand-in");
        thread.setDaemon(true);
        return thread;
    });
    private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<Outcome>> outcomes = new ConcurrentHashMap<>();
    private final CompletableFuture<Outcome> initError = new CompletableFuture<>();
    private final List<Long> nextCalls = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private RuntimeApiStandIn(HttpServer server) {
        this.server = server;
        server.setExecutor(executor);
        server.createContext(PREFIX, this::serve);
        server.start();
    }

    /** Starts one on a free port of 127.0.0.1. */
    public static RuntimeApiStandIn start() {
        // without TCP_NODELAY an event's body can wait ~40 ms for a delayed ACK. It is read once, when the first server
        // class loads, so the JVMs that run this (the packager, ./execalc invoke and bench, the tests) get the flag on
        // their command line; this only covers a JVM started otherwise, in which no server has loaded yet
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            return new RuntimeApiStandIn(HttpServer.create(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the Runtime API stand-in", e);
        }
    }

    /** The value of {@code AWS_LAMBDA_RUNTIME_API}: {@code 127.0.0.1:<port>}. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues an invocation; the function gets it on its next {@code /next}. */
    public String invoke(Invocation invocation) {
        outcomes.put(invocation.requestId(), new CompletableFuture<>());
        pending.add(invocation);
        return invocation.requestId();
    }

    /** What the function posted for the invocation {@code requestId}, waiting at most {@code timeout}. */
    public Outcome awaitOutcome(String requestId, Duration timeout) throws TimeoutException, InterruptedException {
        CompletableFuture<Outcome> outcome = outcomes.get(requestId);
        if (outcome == null) {
            throw new IllegalArgumentException("No invocation " + requestId);
        }
        return await(outcome, timeout);
    }

    /**
     * What the function posted for {@code requestId}, or to {@code /runtime/init/error} if it could not start,
     * waiting at most {@code timeout}.
     *
     * @throws IllegalStateException when {@code process} exits without posting either
     */
    public Outcome awaitAnswer(String requestId, Duration timeout, Process process)
            throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                return awaitOutcome(requestId, Duration.ofMillis(50));
            } catch (TimeoutException notYet) {
                if (initError.isDone()) {
                    return await(initError, Duration.ZERO);
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException("The function exited with " + process.exitValue()
                            + " before it answered");
                }
            }
        }
        throw new TimeoutException("No answer to " + requestId + " within " + timeout);
    }

    /** What the function posted to {@code /runtime/init/error}, waiting at most {@code timeout}. */
    public Outcome awaitInitError(Duration timeout) throws TimeoutException, InterruptedException {
        return await(initError, timeout);
    }

    /** When the function's {@code count}-th call to {@code /next} arrived, waiting at most {@code timeout}. */
    public long awaitNextCall(int count, Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (nextCalls.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("The function made " + nextCalls.size() + " calls to /next, not " + count);
            }
            Thread.sleep(1);
        }
        return nextCalls.get(count - 1);
    }

    /** How many calls to {@code /next} arrived so far. */
    public int nextCalls() {
        return nextCalls.size();
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        executor.shutdownNow();
    }

    private static Outcome await(CompletableFuture<Outcome> outcome, Duration timeout)
            throws TimeoutException, InterruptedException {
        try {
            return outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            String method = exchange.getRequestMethod();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            long at = System.nanoTime();
            if (method.equals("GET") && path.equals("invocation/next")) {
                nextCalls.add(at);
                next(exchange);
            } else if (method.equals("POST") && path.equals("init/error")) {
                initError.complete(new Outcome("init-error", text(body), errorType(exchange), at));
                send(exchange, 202, "{\"status\":\"OK\"}");
            } else if (method.equals("POST") && path.startsWith("invocation/")
                    && (path.endsWith("/response") || path.endsWith("/error"))) {
                String[] parts = path.split("/");
                CompletableFuture<Outcome> outcome = parts.length == 3 ? outcomes.get(parts[1]) : null;
                if (outcome == null) {
                    send(exchange, 400, "{\"errorMessage\":\"unknown request id\",\"errorType\":\"InvalidRequestID\"}");
                    return;
                }
                boolean response = parts[2].equals("response");
                outcome.complete(new Outcome(response ? "response" : "error", text(body),
                        response ? null : errorType(exchange), at));
                send(exchange, 202, "{\"status\":\"OK\"}");
            } else {
                send(exchange, 404, "{\"errorMessage\":\"no such Runtime API path\",\"errorType\":\"NotFound\"}");
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        Invocation invocation = null;
        try {
            while (invocation == null && !closed) {
                invocation = pending.poll(100, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (invocation == null) {
            send(exchange, 500, "{\"errorMessage\":\"the stand-in is closing\",\"errorType\":\"Closing\"}");
            return;
        }
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + DEADLINE.toMillis()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:000000000000:function:stand-in");
        headers.set("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
        if (invocation.tenantId() != null) {
            headers.set("Lambda-Runtime-Aws-Tenant-Id", invocation.tenantId());
        }
        exchange.sendResponseHeaders(200, invocation.event().length == 0 ? -1 : invocation.event().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(invocation.event());
        }
    }

    private static String errorType(HttpExchange exchange) {
        return exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
    }

    private static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
