package com.execalc.bench;

import com.execalc.api.AuthorizerHandler;
import com.execalc.api.TenantApiHandler;
import com.execalc.local.LocalLambdaContext;
import com.execalc.local.LocalCloud;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The function's own overhead, without the local gateway: each route's proxy event handed straight to a tenant API
 * handler in this JVM, as Lambda's runtime hands it the bytes of an event, against exactly the same DynamoDB calls
 * made directly (recorded and replayed on a shadow tenant, as in {@link OverheadHarness}).
 *
 * <p>The handler side is timed from the event's bytes to the response's bytes: reading the event, the tenant context,
 * governance, the audit event, the capability, telemetry and writing the response, with its DynamoDB calls. The events
 * carry the authorizer context the real authorizer gave the tenant's token (invoked once, in process, as API Gateway
 * caches its decision) and the headers a Java client sends; they are built before the clock starts.
 */
final class InProcessOverhead {

    private static final String TENANT = "bench-inprocess";
    private static final String SHADOW = "bench-inshadows";
    private static final String API_ARN = "arn:aws:execute-api:local:000000000000:execalc";
    private static final String STAGE = "local";

    private final ObjectMapper json = new ObjectMapper();
    private final TenantApiHandler handler;
    private final DirectReplay replay;
    private final ObjectNode authorizerContext;
    private final String token;

    private record Pair(long handlerNanos, long directNanos, List<DynamoDbCallRecorder.Call> calls) {
    }

    InProcessOverhead(LocalCloud stack, LocalApi api, DynamoDbClient direct) {
        api.registerTenant(TENANT);
        api.registerTenant(SHADOW);
        this.token = api.token(TENANT, "alice", "admin");
        // the function as the gateway runs it for this tenant, with its log lines dropped instead of printed
        this.handler = new TenantApiHandler(stack.functionConfiguration(), line -> { });
        this.replay = new DirectReplay(direct, TENANT, SHADOW);
        this.authorizerContext = authorize(new AuthorizerHandler(stack.functionConfiguration(), line -> { }));
    }

    /** Seeds the tenant and its shadow, then measures every scenario; a Markdown table. */
    String table(List<OverheadHarness.Scenario> scenarios, int warmUp, int measured) {
        OverheadHarness.Scenario namespace = OverheadHarness.seeding().get(0);
        OverheadHarness.Scenario record = OverheadHarness.seeding().get(1);
        pair(namespace, 0);
        for (int i = 0; i < OverheadHarness.seededRecords(); i++) {
            pair(record, i);
        }
        StringBuilder table = new StringBuilder("| Route | DynamoDB calls per request | Handler p50 / p90 / p99"
                + " | of which in DynamoDB calls, p50 | Direct SDK p50 / p90 / p99 | Ratio p50 | Ratio p90 |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (OverheadHarness.Scenario scenario : scenarios) {
            table.append(measure(scenario, warmUp, measured));
        }
        return table.toString();
    }

    private String measure(OverheadHarness.Scenario scenario, int warmUp, int measured) {
        for (int i = 0; i < warmUp; i++) {
            pair(scenario, i);
        }
        long[] inHandler = new long[measured];
        long[] direct = new long[measured];
        long[] inCalls = new long[measured];
        List<DynamoDbCallRecorder.Call> calls = List.of();
        for (int i = 0; i < measured; i++) {
            Pair pair = pair(scenario, i);
            inHandler[i] = pair.handlerNanos();
            direct[i] = pair.directNanos();
            inCalls[i] = pair.calls().stream().mapToLong(DynamoDbCallRecorder.Call::nanos).sum();
            calls = pair.calls();
        }
        Arrays.sort(inHandler);
        Arrays.sort(direct);
        Arrays.sort(inCalls);
        return "| " + scenario.name() + " | " + OverheadHarness.describe(calls)
                + " | " + OverheadHarness.ms(OverheadHarness.percentile(inHandler, 50)) + " / "
                + OverheadHarness.ms(OverheadHarness.percentile(inHandler, 90)) + " / "
                + OverheadHarness.ms(OverheadHarness.percentile(inHandler, 99))
                + " | " + OverheadHarness.ms(OverheadHarness.percentile(inCalls, 50))
                + " | " + OverheadHarness.ms(OverheadHarness.percentile(direct, 50)) + " / "
                + OverheadHarness.ms(OverheadHarness.percentile(direct, 90)) + " / "
                + OverheadHarness.ms(OverheadHarness.percentile(direct, 99))
                + " | " + OverheadHarness.ratio(OverheadHarness.percentile(inHandler, 50),
                        OverheadHarness.percentile(direct, 50))
                + " | " + OverheadHarness.ratio(OverheadHarness.percentile(inHandler, 90),
                        OverheadHarness.percentile(direct, 90)) + " |\n";
    }

    /** One event through the handler, then its calls directly; each side timed on its own. */
    private Pair pair(OverheadHarness.Scenario scenario, int i) {
        String requestId = UUID.randomUUID().toString();
        byte[] event = write(proxyEvent(scenario, i, requestId));
        LocalLambdaContext lambda = new LocalLambdaContext(requestId, TenantApiHandler.FUNCTION, TENANT);
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        DynamoDbCallRecorder.start();
        long started = System.nanoTime();
        List<DynamoDbCallRecorder.Call> calls;
        try {
            handler.handleRequest(new ByteArrayInputStream(event), out, lambda);
        } finally {
            calls = DynamoDbCallRecorder.stop();
        }
        long answered = System.nanoTime();
        JsonNode response = read(out.toByteArray());
        if (response.path("statusCode").asInt() != scenario.status()) {
            throw new IllegalStateException("Expected " + scenario.status() + " from " + scenario.name() + " but got "
                    + response);
        }
        long replayed = System.nanoTime();
        replay.replay(calls);
        long done = System.nanoTime();
        return new Pair(answered - started, done - replayed, calls);
    }

    /** The proxy event API Gateway would deliver for the i-th request of the scenario. */
    private ObjectNode proxyEvent(OverheadHarness.Scenario scenario, int i, String requestId) {
        Map<String, String> parameters = scenario.pathParameters().apply(i);
        String path = scenario.path(i);
        int query = path.indexOf('?');
        String bare = query < 0 ? path : path.substring(0, query);
        String body = scenario.body().apply(i);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + token);
        headers.put("User-Agent", "Java/" + System.getProperty("java.version"));
        headers.put("Host", "127.0.0.1");
        headers.put("Accept", "*/*");
        headers.put("Connection", "keep-alive");
        if (body != null) {
            headers.put("Content-Type", "application/json");
            headers.put("Content-Length", Integer.toString(body.length()));
        }
        ObjectNode event = json.createObjectNode()
                .put("resource", scenario.resource())
                .put("path", bare)
                .put("httpMethod", scenario.method())
                .put("isBase64Encoded", false);
        event.set("headers", json.valueToTree(headers));
        ObjectNode multiHeaders = event.putObject("multiValueHeaders");
        headers.forEach((name, value) -> multiHeaders.putArray(name).add(value));
        if (scenario.query().isEmpty()) {
            event.putNull("queryStringParameters");
            event.putNull("multiValueQueryStringParameters");
        } else {
            event.set("queryStringParameters", json.valueToTree(scenario.query()));
            ObjectNode multiQuery = event.putObject("multiValueQueryStringParameters");
            scenario.query().forEach((name, value) -> multiQuery.putArray(name).add(value));
        }
        if (parameters.isEmpty()) {
            event.putNull("pathParameters");
        } else {
            event.set("pathParameters", json.valueToTree(parameters));
        }
        ObjectNode context = event.putObject("requestContext")
                .put("requestId", requestId)
                .put("resourcePath", scenario.resource())
                .put("httpMethod", scenario.method())
                .put("path", "/" + STAGE + bare)
                .put("stage", STAGE)
                .put("apiId", "execalc")
                .put("accountId", "000000000000");
        context.set("authorizer", authorizerContext);
        if (body != null) {
            event.put("body", body);
        }
        return event;
    }

    /** The authorizer's context for the tenant's token, with its principal id, as API Gateway passes it on. */
    private ObjectNode authorize(AuthorizerHandler authorizer) {
        ObjectNode event = json.createObjectNode()
                .put("type", "REQUEST")
                .put("methodArn", API_ARN + "/" + STAGE + "/GET/me")
                .put("resource", "/me")
                .put("path", "/me")
                .put("httpMethod", "GET");
        event.putObject("headers").put("Authorization", "Bearer " + token);
        event.putObject("requestContext").put("requestId", UUID.randomUUID().toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        authorizer.handleRequest(new ByteArrayInputStream(write(event)), out,
                new LocalLambdaContext(UUID.randomUUID().toString(), AuthorizerHandler.FUNCTION, null));
        JsonNode decision = read(out.toByteArray());
        if (!decision.path("context").isObject()
                || !"Allow".equals(decision.at("/policyDocument/Statement/0/Effect").asText())) {
            throw new IllegalStateException("The authorizer did not allow the benchmark tenant: " + decision);
        }
        ObjectNode context = ((ObjectNode) decision.get("context")).deepCopy();
        context.put("principalId", decision.path("principalId").asText());
        return context;
    }

    private byte[] write(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode read(byte[] bytes) {
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
