package com.execalc.bench;

import com.execalc.api.AwsClients;
import com.execalc.local.GatewaySettings;
import com.execalc.local.LocalCloud;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * The end-to-end overhead of tenancy: each route through the local gateway (authorizer, tenant context, session
 * policy, key guard, governance, audit) against a baseline that makes exactly the same DynamoDB calls directly with a
 * plain SDK client built with the functions' own client settings, on the same machine, interleaved request by request.
 *
 * <p>The calls are not written twice by hand: a recorder sees every DynamoDB call the gateway request made, and
 * {@link DirectReplay} makes the same calls on a shadow tenant that holds the same data. The authorizer's decisions
 * are cached as API Gateway caches them, and the audit stream is off, so that no background work lands on one side.
 *
 * <p>Usage: {@code OverheadHarness [measured requests per route] [warm-up requests per route]
 * [authorizer cache seconds]}. Prints a Markdown table.
 */
public final class OverheadHarness {

    private static final String TENANT = "bench-measured";
    private static final String SHADOW = "bench-shadowed";
    private static final int RECORDS = 20;

    private record Scenario(String name, String method, IntFunction<String> path, IntFunction<String> body,
                            int status) {
    }

    private record Pair(long gatewayNanos, long directNanos, List<DynamoDbCallRecorder.Call> calls) {
    }

    private OverheadHarness() {
    }

    public static void main(String[] args) {
        int measured = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Duration cacheTtl = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 300);
        try (LocalCloud stack = LocalCloud.start(0, new GatewaySettings(cacheTtl, false))) {
            LocalApi api = new LocalApi(stack.baseUri());
            api.registerTenant(TENANT);
            api.registerTenant(SHADOW);
            String token = api.token(TENANT, "alice", "admin");
            DynamoDbClient direct = AwsClients.platformDynamoDb(stack.functionConfiguration(), AwsClients.httpClient());
            Harness harness = new Harness(api, token, new DirectReplay(direct, TENANT, SHADOW));

            harness.seed();
            StringBuilder table = new StringBuilder("| Route | DynamoDB calls per request | Gateway p50 / p90 / p99"
                    + " | of which in DynamoDB calls, p50 | Direct SDK p50 / p90 / p99 | Ratio p50 | Ratio p90 |\n"
                    + "|---|---|---|---|---|---|---|\n");
            for (Scenario scenario : scenarios()) {
                table.append(harness.measure(scenario, warmUp, measured));
            }
            System.out.println("Overhead harness: " + measured + " measured requests per route after " + warmUp
                    + " warm-up requests; authorizer cache " + cacheTtl.toSeconds() + " s; audit stream off; "
                    + Runtime.getRuntime().availableProcessors() + " cores");
            System.out.println(table);
            System.out.println("The HTTP hop alone (GET /_local/health: the gateway's own endpoint, no function, no"
                    + " DynamoDB call), p50 / p90: " + harness.httpFloor(warmUp, measured));
        }
    }

    private static List<Scenario> scenarios() {
        String execution = executionBody(10, 5);
        return List.of(
                new Scenario("GET record", "GET", i -> recordPath(i), i -> null, 200),
                new Scenario("PUT record (replace)", "PUT", i -> recordPath(i), i -> recordBody(i), 200),
                new Scenario("GET records (list of 20)", "GET", i -> "/namespaces/bench/records?limit=20", i -> null,
                        200),
                new Scenario("GET /me", "GET", i -> "/me", i -> null, 200),
                new Scenario("POST execution (10 options x 5 criteria)", "POST", i -> "/namespaces/bench/executions",
                        i -> execution, 201),
                new Scenario("GET audit (20 events)", "GET", i -> "/audit?limit=20", i -> null, 200));
    }

    /** One request through the gateway, then its calls directly; each side timed on its own. */
    private static final class Harness {
        private final LocalApi api;
        private final String token;
        private final DirectReplay replay;

        Harness(LocalApi api, String token, DirectReplay replay) {
            this.api = api;
            this.token = token;
            this.replay = replay;
        }

        /** The measured tenant's data, made through the gateway and replayed, so that the shadow holds the same. */
        void seed() {
            pair("PUT", "/namespaces/bench", null, 201);
            for (int i = 0; i < RECORDS; i++) {
                pair("PUT", recordPath(i), recordBody(i), 201);
            }
        }

        /** What any request through a local HTTP server costs before a function runs: the part API Gateway replaces. */
        String httpFloor(int warmUp, int measured) {
            long[] hop = new long[measured];
            for (int i = -warmUp; i < measured; i++) {
                long sent = System.nanoTime();
                LocalApi.expect(200, api.send("GET", "/_local/health", null, null));
                if (i >= 0) {
                    hop[i] = System.nanoTime() - sent;
                }
            }
            Arrays.sort(hop);
            return ms(percentile(hop, 50)) + " / " + ms(percentile(hop, 90));
        }

        String measure(Scenario scenario, int warmUp, int measured) {
            for (int i = 0; i < warmUp; i++) {
                pair(scenario.method(), scenario.path().apply(i), scenario.body().apply(i), scenario.status());
            }
            long[] gateway = new long[measured];
            long[] direct = new long[measured];
            long[] inCalls = new long[measured];
            List<DynamoDbCallRecorder.Call> calls = List.of();
            for (int i = 0; i < measured; i++) {
                Pair pair = pair(scenario.method(), scenario.path().apply(i), scenario.body().apply(i),
                        scenario.status());
                gateway[i] = pair.gatewayNanos();
                direct[i] = pair.directNanos();
                inCalls[i] = pair.calls().stream().mapToLong(DynamoDbCallRecorder.Call::nanos).sum();
                calls = pair.calls();
            }
            Arrays.sort(gateway);
            Arrays.sort(direct);
            Arrays.sort(inCalls);
            return "| " + scenario.name() + " | " + describe(calls)
                    + " | " + ms(percentile(gateway, 50)) + " / " + ms(percentile(gateway, 90)) + " / "
                    + ms(percentile(gateway, 99))
                    + " | " + ms(percentile(inCalls, 50))
                    + " | " + ms(percentile(direct, 50)) + " / " + ms(percentile(direct, 90)) + " / "
                    + ms(percentile(direct, 99))
                    + " | " + ratio(percentile(gateway, 50), percentile(direct, 50))
                    + " | " + ratio(percentile(gateway, 90), percentile(direct, 90)) + " |\n";
        }

        private Pair pair(String method, String path, String body, int status) {
            DynamoDbCallRecorder.start();
            long sent = System.nanoTime();
            LocalApi.Response response;
            List<DynamoDbCallRecorder.Call> calls;
            try {
                response = api.send(method, path, token, body);
            } finally {
                // the gateway answers only after the function returned, so the recording holds every call it made
                calls = DynamoDbCallRecorder.stop();
            }
            long answered = System.nanoTime();
            LocalApi.expect(status, response);
            long replayed = System.nanoTime();
            replay.replay(calls);
            long done = System.nanoTime();
            return new Pair(answered - sent, done - replayed, calls);
        }
    }

    private static String describe(List<DynamoDbCallRecorder.Call> calls) {
        Map<String, Long> byOperation = calls.stream().collect(Collectors.groupingBy(
                call -> call.request().getClass().getSimpleName().replace("Request", ""), TreeMap::new,
                Collectors.counting()));
        List<String> parts = new ArrayList<>();
        byOperation.forEach((operation, count) -> parts.add(count + " " + operation));
        return String.join(", ", parts);
    }

    private static long percentile(long[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)];
    }

    private static String ms(long nanos) {
        return String.format("%.2f ms", nanos / 1e6);
    }

    private static String ratio(long gateway, long direct) {
        return String.format("%.2f", (double) gateway / direct);
    }

    private static String recordPath(int i) {
        return "/namespaces/bench/records/r-" + (i % RECORDS);
    }

    private static String recordBody(int i) {
        return "{\"customer\":\"c-" + i + "\",\"total\":129.9,\"currency\":\"EUR\",\"marker\":\"" + TENANT + "\","
                + "\"lines\":[{\"sku\":\"A-1\",\"qty\":2},{\"sku\":\"B-7\",\"qty\":1}]}";
    }

    private static String executionBody(int options, int criteria) {
        StringBuilder body = new StringBuilder("{\"objective\":\"benchmark\",\"riskPosture\":\"low\","
                + "\"expiresAt\":\"2099-01-01T00:00:00Z\",\"criteria\":[");
        for (int c = 0; c < criteria; c++) {
            body.append(c == 0 ? "" : ",").append("{\"name\":\"c").append(c).append("\",\"weight\":").append(c + 1)
                    .append(",\"direction\":\"").append(c % 2 == 0 ? "max" : "min").append("\"}");
        }
        body.append("],\"options\":[");
        for (int o = 0; o < options; o++) {
            body.append(o == 0 ? "" : ",").append("{\"name\":\"o").append(o).append("\",\"scores\":{");
            for (int c = 0; c < criteria; c++) {
                body.append(c == 0 ? "" : ",").append("\"c").append(c).append("\":").append((o * 7 + c * 3) % 10);
            }
            body.append("}}");
        }
        return body.append("]}").toString();
    }
}
