package com.execalc.bench;

import com.execalc.wiring.AwsClients;
import com.execalc.local.GatewaySettings;
import com.execalc.local.LocalCloud;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
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
 * <p>A second table, {@link InProcessOverhead}, hands the same routes' proxy events straight to a tenant API handler in
 * this JVM, so that the function's own overhead is separated from the local gateway's.
 *
 * <p>Usage: {@code OverheadHarness [measured requests per route] [warm-up requests per route]
 * [authorizer cache seconds] [--only=gateway|in-process]}. Prints Markdown tables.
 */
public final class OverheadHarness {

    private static final String TENANT = "bench-measured";
    private static final String SHADOW = "bench-shadowed";
    private static final int RECORDS = 20;

    /**
     * One measured route: its resource as API Gateway names it, the path parameters and body of the i-th request, its
     * query and the status every request must answer.
     */
    record Scenario(String name, String method, String resource, IntFunction<Map<String, String>> pathParameters,
                    Map<String, String> query, IntFunction<String> body, int status) {

        /** The i-th request's path with its query string, as a client sends it. */
        String path(int i) {
            String path = resource;
            for (Map.Entry<String, String> parameter : pathParameters.apply(i).entrySet()) {
                path = path.replace("{" + parameter.getKey() + "}", parameter.getValue());
            }
            StringJoiner query = new StringJoiner("&", "?", "");
            query.setEmptyValue("");
            this.query.forEach((name, value) -> query.add(name + "=" + value));
            return path + query;
        }
    }

    private record Pair(long gatewayNanos, long directNanos, List<DynamoDbCallRecorder.Call> calls) {
    }

    private OverheadHarness() {
    }

    public static void main(String[] args) {
        int measured = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Duration cacheTtl = Duration.ofSeconds(args.length > 2 && !args[2].startsWith("--")
                ? Long.parseLong(args[2]) : 300);
        String only = Arrays.stream(args).filter(arg -> arg.startsWith("--only=")).map(arg -> arg.substring(7))
                .findFirst().orElse("all");
        if (!List.of("all", "gateway", "in-process").contains(only)) {
            throw new IllegalArgumentException("--only= takes gateway or in-process, not " + only);
        }
        try (LocalCloud stack = LocalCloud.start(0, new GatewaySettings(cacheTtl, false))) {
            LocalApi api = new LocalApi(stack.baseUri());
            DynamoDbClient direct = AwsClients.of(stack.functionConfiguration()).platformDynamoDb();
            if (!only.equals("in-process")) {
                api.registerTenant(TENANT);
                api.registerTenant(SHADOW);
                String token = api.token(TENANT, "alice", "admin");
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
                System.out.println();
            }
            if (!only.equals("gateway")) {
                System.out.println("In process: the tenant API handler invoked directly with each proxy event, "
                        + measured + " measured requests per route after " + warmUp + " warm-up requests; "
                        + Runtime.getRuntime().availableProcessors() + " cores");
                System.out.println(new InProcessOverhead(stack, api, direct).table(scenarios(), warmUp, measured));
            }
        }
    }

    static List<Scenario> scenarios() {
        String execution = executionBody(10, 5);
        return List.of(
                new Scenario("GET record", "GET", RECORD, OverheadHarness::record, Map.of(), i -> null, 200),
                new Scenario("PUT record (replace)", "PUT", RECORD, OverheadHarness::record, Map.of(),
                        OverheadHarness::recordBody, 200),
                new Scenario("GET records (list of 20)", "GET", "/namespaces/{ns}/records", i -> NAMESPACE,
                        Map.of("limit", "20"), i -> null, 200),
                new Scenario("GET /me", "GET", "/me", i -> Map.of(), Map.of(), i -> null, 200),
                new Scenario("POST execution (10 options x 5 criteria)", "POST", "/namespaces/{ns}/executions",
                        i -> NAMESPACE, Map.of(), i -> execution, 201),
                new Scenario("GET audit (20 events)", "GET", "/audit", i -> Map.of(), Map.of("limit", "20"), i -> null,
                        200));
    }

    /** What every scenario's tenant holds first: the namespace and its records, created by {@code create}. */
    static List<Scenario> seeding() {
        return List.of(
                new Scenario("create the namespace", "PUT", "/namespaces/{ns}", i -> NAMESPACE, Map.of(), i -> null,
                        201),
                new Scenario("create a record", "PUT", RECORD, OverheadHarness::record, Map.of(),
                        OverheadHarness::recordBody, 201));
    }

    /** How many records {@link #seeding} creates. */
    static int seededRecords() {
        return RECORDS;
    }

    private static final String RECORD = "/namespaces/{ns}/records/{id}";
    private static final Map<String, String> NAMESPACE = Map.of("ns", "bench");

    private static Map<String, String> record(int i) {
        return Map.of("ns", "bench", "id", "r-" + (i % RECORDS));
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
            Scenario namespace = seeding().get(0);
            Scenario record = seeding().get(1);
            pair(namespace.method(), namespace.path(0), namespace.body().apply(0), namespace.status());
            for (int i = 0; i < RECORDS; i++) {
                pair(record.method(), record.path(i), record.body().apply(i), record.status());
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
                pair(scenario.method(), scenario.path(i), scenario.body().apply(i), scenario.status());
            }
            long[] gateway = new long[measured];
            long[] direct = new long[measured];
            long[] inCalls = new long[measured];
            List<DynamoDbCallRecorder.Call> calls = List.of();
            for (int i = 0; i < measured; i++) {
                Pair pair = pair(scenario.method(), scenario.path(i), scenario.body().apply(i), scenario.status());
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

    static String describe(List<DynamoDbCallRecorder.Call> calls) {
        Map<String, Long> byOperation = calls.stream().collect(Collectors.groupingBy(
                call -> call.request().getClass().getSimpleName().replace("Request", ""), TreeMap::new,
                Collectors.counting()));
        List<String> parts = new ArrayList<>();
        byOperation.forEach((operation, count) -> parts.add(count + " " + operation));
        return String.join(", ", parts);
    }

    static long percentile(long[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)];
    }

    static String ms(long nanos) {
        return String.format("%.2f ms", nanos / 1e6);
    }

    static String ratio(long gateway, long direct) {
        return String.format("%.2f", (double) gateway / direct);
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
