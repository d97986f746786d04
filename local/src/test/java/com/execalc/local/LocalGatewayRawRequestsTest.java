package com.execalc.local;

import com.execalc.local.http.RawHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every answer of the local stack, to requests no HTTP client library would send, over a raw socket: the JSON error
 * shape {@code {"error":{"code","message","requestId"}}} with {@code X-Request-Id}, never the HTML page or the silent
 * reset that {@code com.sun.net.httpserver} gives such requests, and no function reached.
 */
@ExtendWith(LocalCloudExtension.class)
class LocalGatewayRawRequestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalCloud stack;

    LocalGatewayRawRequestsTest(LocalCloud stack) {
        this.stack = stack;
    }

    static Stream<Arguments> unreadableRequests() {
        return Stream.of(
                arguments("a bad request line", "GARBAGE\r\n\r\n", 400, "INVALID_REQUEST"),
                arguments("a request line without version", "GET /me\r\n\r\n", 400, "INVALID_REQUEST"),
                arguments("HTTP/2.0 as text", "GET /me HTTP/2.0\r\n\r\n", 400, "INVALID_REQUEST"),
                arguments("a malformed escape in the path", "GET /namespaces/a%zz HTTP/1.1\r\n\r\n", 400,
                        "INVALID_REQUEST"),
                arguments("a bad header line", "GET /me HTTP/1.1\r\nBad Header\r\n\r\n", 400, "INVALID_REQUEST"),
                arguments("a header name with a space", "GET /me HTTP/1.1\r\nX Tenant: a\r\n\r\n", 400,
                        "INVALID_REQUEST"),
                arguments("a header over API Gateway's 10,240 bytes",
                        "GET /me HTTP/1.1\r\nX-Long: " + "x".repeat(20_000) + "\r\n\r\n", 431, "INVALID_REQUEST"),
                arguments("a request line over the limit", "GET /" + "x".repeat(20_000) + " HTTP/1.1\r\n\r\n", 431,
                        "INVALID_REQUEST"),
                arguments("a head over com.sun.net.httpserver's own limit",
                        "GET /me HTTP/1.1\r\nX-Long: " + "x".repeat(500_000) + "\r\n\r\n", 431, "INVALID_REQUEST"),
                arguments("too many headers", "GET /me HTTP/1.1\r\n" + "X-A: 1\r\n".repeat(101) + "\r\n", 431,
                        "INVALID_REQUEST"),
                arguments("a Content-Length that is not a number",
                        "PUT /namespaces/orders HTTP/1.1\r\nContent-Length: ten\r\n\r\n", 400, "INVALID_REQUEST"),
                arguments("an unknown transfer coding",
                        "PUT /namespaces/orders HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 400, "INVALID_REQUEST"),
                arguments("a body over 10 MB announced",
                        "PUT /namespaces/orders HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 10485761\r\n\r\n",
                        413, "PAYLOAD_TOO_LARGE"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableRequests")
    void anUnreadableRequest_shouldBeAnsweredInTheJsonErrorShape_withXRequestId_andReachNoFunction(String what,
            String request, int status, String code) throws IOException {
        RawHttp.Answer answer;
        try (RawHttp client = new RawHttp(stack.baseUri().getPort())) {
            answer = client.send(request).answer();
        }

        assertThat(answer.status()).as(what).isEqualTo(status);
        assertThat(answer.header("Content-Type")).isEqualTo("application/json");
        JsonNode error = JSON.readTree(answer.body()).get("error");
        assertThat(error.get("code").asText()).as(what).isEqualTo(code);
        assertThat(error.get("message").asText()).as(what).isNotBlank();
        assertThat(error.get("requestId").asText()).isEqualTo(answer.header("X-Request-Id")).isNotBlank();
        assertThat(answer.header("X-Execalc-Gateway-Response")).as(what).isNotBlank();
        assertThat(stack.logs().lines()).as("no function logged the request")
                .noneMatch(line -> line.contains(answer.header("X-Request-Id")));
    }

    @Test
    void aRawRequestJustUnderTheHeadLimit_shouldBeServed() throws IOException {
        try (RawHttp client = new RawHttp(stack.baseUri().getPort())) {
            RawHttp.Answer answer = client.send("GET /_local/health HTTP/1.1\r\nX-Long: " + "x".repeat(9_000)
                    + "\r\n\r\n").answer();

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("{\"status\":\"ok\"}");
            assertThat(answer.header("X-Request-Id")).isNotBlank();
        }
    }

    @Test
    void aRawRequestWithAToken_shouldReachTheFunction_whoseXRequestIdIsTheGatewaysRequestId() throws IOException {
        ApiClient api = new ApiClient(stack.baseUri());
        String tenant = ApiClient.uniqueTenant("raw");
        api.registerTenant(tenant);
        String token = api.token(tenant, "alice", "viewer");

        try (RawHttp client = new RawHttp(stack.baseUri().getPort())) {
            RawHttp.Answer answer = client.send("GET /me HTTP/1.1\r\nHost: local\r\nauthorization: Bearer " + token
                    + "\r\n\r\n").answer();

            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(JSON.readTree(answer.body()).get("requestId").asText()).isEqualTo(answer.header("X-Request-Id"));
            assertThat(answer.header("X-Execalc-Gateway-Response")).as("a function's answer").isNull();
        }
    }

    @Test
    void theGatewaysOwnAnswers_shouldCarryXRequestId_andNameTheirGatewayResponse() {
        ApiClient api = new ApiClient(stack.baseUri());

        ApiClient.Response noRoute = api.get("/nowhere", null);
        ApiClient.Response noToken = api.get("/me", null);

        assertThat(noRoute.status()).isEqualTo(404);
        assertThat(noRoute.gatewayResponse()).isEqualTo("MISSING_AUTHENTICATION_TOKEN");
        assertThat(noRoute.requestId()).isEqualTo(noRoute.json().at("/error/requestId").asText()).isNotBlank();
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.gatewayResponse()).isEqualTo("UNAUTHORIZED");
        assertThat(noToken.requestId()).isEqualTo(noToken.json().at("/error/requestId").asText()).isNotBlank();
    }

    @Test
    void theLocalEndpoints_shouldCarryXRequestId_onSuccessAndOnError() {
        ApiClient api = new ApiClient(stack.baseUri());

        ApiClient.Response health = api.get("/_local/health", null);
        ApiClient.Response unknown = api.get("/_local/nothing", null);

        assertThat(health.requestId()).isNotBlank();
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.requestId()).isEqualTo(unknown.json().at("/error/requestId").asText()).isNotBlank();
    }
}
