package com.execalc.bench;

import com.execalc.access.CursorCodec;
import com.execalc.api.LambdaJson;
import com.execalc.api.TenantApi;
import com.execalc.api.TenantApiHandler;
import com.execalc.audit.EventIds;
import com.execalc.governance.GlobalInvariants;
import com.execalc.local.LocalLambdaContext;
import com.execalc.observability.Telemetry;
import com.execalc.tenancy.TenantContext;
import com.execalc.tenancy.TenantId;
import com.execalc.tenancy.TenantRole;
import com.execalc.wiring.AwsClients;
import com.execalc.wiring.Configuration;
import com.execalc.wiring.Setting;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A whole tenant request through the tenant API handler, in process and without I/O: the proxy event's bytes in, the
 * response's bytes out, with everything between (the event, the tenant and execution contexts, the tenant's data
 * access with its key guard, the policy read, governance, the audit event, the capability, telemetry), and DynamoDB's
 * answers from memory ({@link InMemoryDynamoDbHttp}). What the function itself costs per request, where a change to
 * the request pipeline shows; run with {@code ./execalc bench jmh TenantRequest}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class TenantRequestBenchmarks {

    private TenantApiHandler handler;
    private LocalLambdaContext lambda;
    private byte[] getMe;
    private byte[] getRecord;
    private byte[] putRecord;

    @Setup
    public void setUp() throws Exception {
        Configuration config = Configuration.of(Map.of(
                Setting.EXECALC_MODE.variable(), "LOCAL",
                Setting.AWS_REGION.variable(), "us-east-1",
                Setting.EXECALC_DYNAMODB_ENDPOINT.variable(), "http://127.0.0.1:9",
                Setting.DATA_TABLE_ARN.variable(), "arn:aws:dynamodb:us-east-1:000000000000:table/data",
                Setting.AUDIT_TABLE_ARN.variable(), "arn:aws:dynamodb:us-east-1:000000000000:table/audit",
                Setting.CURSOR_SECRET.variable(), "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE="));
        LambdaJson json = new LambdaJson();
        Telemetry telemetry = new Telemetry(line -> { }, TenantApiHandler.FUNCTION);
        TenantApi api = new TenantApi(new TenantApi.Collaborators(
                AwsClients.of(config, new InMemoryDynamoDbHttp()).tenantAccess(), GlobalInvariants.v1(),
                new CursorCodec(config.cursorSecret()), new EventIds(), Clock.systemUTC(), telemetry), json);
        handler = new TenantApiHandler(api, json, telemetry, Clock.systemUTC());
        lambda = new LocalLambdaContext("bench-request", TenantApiHandler.FUNCTION, "acme");

        TenantContext operator = new TenantContext(TenantId.of("acme"), "alice", Set.of(TenantRole.OPERATOR),
                "bench-request");
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode authorizer = mapper.valueToTree(operator.toAuthorizerContext());
        authorizer.put("principalId", "acme|alice");
        getMe = event(mapper, authorizer, "GET", "/me", "/me", null, null);
        getRecord = event(mapper, authorizer, "GET", "/namespaces/{ns}/records/{id}",
                "/namespaces/orders/records/order-1001", Map.of("ns", "orders", "id", "order-1001"), null);
        putRecord = event(mapper, authorizer, "PUT", "/namespaces/{ns}/records/{id}",
                "/namespaces/orders/records/order-1001", Map.of("ns", "orders", "id", "order-1001"),
                "{\"customer\":\"c-42\",\"total\":129.9,\"currency\":\"EUR\",\"lines\":[{\"sku\":\"A-1\",\"qty\":2}]}");
        for (byte[] event : new byte[][] {getMe, getRecord, putRecord}) {
            String answered = invoke(event).toString();
            if (!answered.contains("\"statusCode\":200")) {
                throw new IllegalStateException("The benchmark request failed: " + answered);
            }
        }
    }

    private static byte[] event(ObjectMapper mapper, ObjectNode authorizer, String method, String resource,
                                String path, Map<String, String> pathParameters, String body) throws Exception {
        ObjectNode event = mapper.createObjectNode()
                .put("resource", resource)
                .put("path", path)
                .put("httpMethod", method)
                .put("isBase64Encoded", false);
        event.putObject("headers").put("Authorization", "Bearer token").put("Accept", "*/*")
                .put("Host", "127.0.0.1").put("User-Agent", "Java/17");
        event.set("pathParameters", pathParameters == null ? null : mapper.valueToTree(pathParameters));
        event.putObject("requestContext").put("requestId", "bench-request").put("resourcePath", resource)
                .put("httpMethod", method).put("stage", "local").set("authorizer", authorizer);
        if (body != null) {
            event.put("body", body);
        }
        return mapper.writeValueAsBytes(event);
    }

    private ByteArrayOutputStream invoke(byte[] event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        handler.handleRequest(new ByteArrayInputStream(event), out, lambda);
        return out;
    }

    /** GET /me: the policy read and the audit event are its only DynamoDB calls. */
    @Benchmark
    public ByteArrayOutputStream getMe() {
        return invoke(getMe);
    }

    /** GET a record: the policy, the record, the audit event. */
    @Benchmark
    public ByteArrayOutputStream getRecord() {
        return invoke(getRecord);
    }

    /** PUT a record over version 1: the policy, the namespace, the record, the audit event ahead, the write. */
    @Benchmark
    public ByteArrayOutputStream putRecord() {
        return invoke(putRecord);
    }
}
