package com.execalc.api;

import com.execalc.observability.Telemetry;
import com.execalc.wiring.Configuration;
import com.execalc.wiring.Setting;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class TenantApiHandlerTest {

    private final SampleEvents events = new SampleEvents();
    private final LambdaJson json = new LambdaJson();
    private final java.util.List<String> logLines = new java.util.ArrayList<>();

    /** No DynamoDB behind it: these tests cover what the handler refuses before any data access. */
    private final TenantApiHandler handler = new TenantApiHandler(TenantApi.create(Configuration.of(java.util.Map.of(
            Setting.EXECALC_MODE.variable(), "LOCAL",
            Setting.AWS_REGION.variable(), "us-east-1",
            Setting.EXECALC_DYNAMODB_ENDPOINT.variable(), "http://127.0.0.1:9",
            Setting.DATA_TABLE_ARN.variable(), "arn:aws:dynamodb:us-east-1:000000000000:table/data",
            Setting.AUDIT_TABLE_ARN.variable(), "arn:aws:dynamodb:us-east-1:000000000000:table/audit",
            Setting.CURSOR_SECRET.variable(), "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=")), json, Clock.systemUTC(),
            new Telemetry(logLines::add, "tenant-api")), json, new Telemetry(logLines::add, "tenant-api"),
            Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC));

    private ObjectNode invoke(ObjectNode event, TestLambdaContext lambda) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(events.bytes(event)), out, lambda);
        return events.parse(out.toByteArray());
    }

    private ObjectNode body(ObjectNode response) {
        return events.parse(response.get("body").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }



    @Test
    void handleRequest_shouldFailClosed_whenTheIsolatedEnvironmentBelongsToAnotherTenant() {
        TestLambdaContext lambda = new TestLambdaContext("globex");

        ObjectNode response = invoke(events.read("tenant-api-get-me.json"), lambda);

        assertThat(response.get("statusCode").asInt()).isEqualTo(500);
        assertThat(body(response).at("/error/code").asText()).isEqualTo("ISOLATION_BREACH");
        assertThat(body(response).toString()).doesNotContain("acme").doesNotContain("globex");
        assertThat(logLines).anySatisfy(line -> assertThat(line).contains("\"error\":\"ISOLATION_BREACH\""));
        assertThat(logLines).anySatisfy(line -> assertThat(line).contains("\"type\":\"request\"")
                .contains("\"status\":500").contains("\"tenantId\":\"acme\""));
    }

    @Test
    void handleRequest_shouldFailClosed_whenThereIsNoAuthorizerContext() {
        ObjectNode event = events.read("tenant-api-get-me.json");
        ((ObjectNode) event.get("requestContext")).remove("authorizer");

        ObjectNode response = invoke(event, new TestLambdaContext(null));

        assertThat(response.get("statusCode").asInt()).isEqualTo(500);
        assertThat(body(response).at("/error/code").asText()).isEqualTo("TENANT_CONTEXT_MISSING");
    }





    @Test
    void handleRequest_shouldAnswer404_forARouteThisFunctionDoesNotServe() {
        ObjectNode event = events.read("tenant-api-get-me.json");
        event.put("resource", "/tenants");
        event.put("httpMethod", "POST");

        ObjectNode response = invoke(event, new TestLambdaContext(null));

        assertThat(response.get("statusCode").asInt()).isEqualTo(404);
        assertThat(body(response).at("/error/requestId").asText()).isEqualTo("c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
    }

    @Test
    void handleRequest_shouldAnswer400_whenTheEventIsNotJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        handler.handleRequest(new ByteArrayInputStream("not json".getBytes()), out, new TestLambdaContext(null));

        ObjectNode response = events.parse(out.toByteArray());
        assertThat(response.get("statusCode").asInt()).isEqualTo(400);
        assertThat(body(response).at("/error/requestId").asText()).isEqualTo("lambda-request-1");
    }
}
