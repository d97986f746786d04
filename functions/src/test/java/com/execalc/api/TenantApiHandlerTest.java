package com.execalc.api;

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
    private final TenantApiHandler handler = new TenantApiHandler(new TenantApi(json), json,
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
    void handleRequest_shouldAnswerFromTheAuthorizerContext() {
        ObjectNode response = invoke(events.read("tenant-api-get-me.json"), new TestLambdaContext(null));

        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        assertThat(body(response).get("tenantId").asText()).isEqualTo("acme");
        assertThat(body(response).get("subject").asText()).isEqualTo("alice");
        assertThat(body(response).get("requestId").asText()).isEqualTo("c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
    }

    @Test
    void handleRequest_shouldServe_whenTheIsolatedEnvironmentBelongsToTheSameTenant() {
        ObjectNode response = invoke(events.read("tenant-api-get-me.json"), new TestLambdaContext("acme"));

        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
    }

    @Test
    void handleRequest_shouldFailClosed_whenTheIsolatedEnvironmentBelongsToAnotherTenant() {
        TestLambdaContext lambda = new TestLambdaContext("globex");

        ObjectNode response = invoke(events.read("tenant-api-get-me.json"), lambda);

        assertThat(response.get("statusCode").asInt()).isEqualTo(500);
        assertThat(body(response).at("/error/code").asText()).isEqualTo("ISOLATION_BREACH");
        assertThat(body(response).toString()).doesNotContain("acme").doesNotContain("globex");
        assertThat(lambda.logLines).singleElement().asString().contains("ISOLATION_BREACH");
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
    void handleRequest_shouldRefuse_whenAHeaderNamesAnotherTenant() {
        ObjectNode event = events.read("tenant-api-get-me.json");
        ((ObjectNode) event.get("headers")).put("X-Tenant-Id", "globex");

        ObjectNode response = invoke(event, new TestLambdaContext(null));

        assertThat(response.get("statusCode").asInt()).isEqualTo(403);
        assertThat(body(response).at("/error/code").asText()).isEqualTo("TENANT_MISMATCH");
    }

    @Test
    void handleRequest_shouldRefuse_whenTheQueryNamesAnotherTenant() {
        ObjectNode event = events.read("tenant-api-get-me.json");
        event.putObject("queryStringParameters").put("tenantId", "globex");

        ObjectNode response = invoke(event, new TestLambdaContext(null));

        assertThat(response.get("statusCode").asInt()).isEqualTo(403);
    }

    @Test
    void handleRequest_shouldRefuse_whenTheBodyNamesAnotherTenant() {
        ObjectNode event = events.read("tenant-api-get-me.json");
        event.put("body", "{\"tenantId\":\"globex\"}");

        ObjectNode response = invoke(event, new TestLambdaContext(null));

        assertThat(response.get("statusCode").asInt()).isEqualTo(403);
    }

    @Test
    void handleRequest_shouldIgnore_aClientValueThatNamesTheOwnTenant() {
        ObjectNode event = events.read("tenant-api-get-me.json");
        ((ObjectNode) event.get("headers")).put("X-Tenant-Id", "acme");

        ObjectNode response = invoke(event, new TestLambdaContext(null));

        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
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
