package com.execalc.api;

import com.execalc.ingress.SigningKeysUnavailableException;
import com.execalc.ingress.TenantAuthorizer;
import com.execalc.ingress.TokenSettings;
import com.execalc.ingress.TokenVerifier;
import com.execalc.observability.Telemetry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The authorizer's Lambda entry point, with its real verifier fetching keys over HTTP. */
class AuthorizerHandlerTest {

    private static final String METHOD_ARN = "arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/me";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> lines = new ArrayList<>();

    /** A URL nothing listens on: the port was free a moment ago and is closed again. */
    private static URI unreachableJwks() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/jwks.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private AuthorizerHandler handlerWithUnreachableKeys() {
        Telemetry telemetry = new Telemetry(lines::add, AuthorizerHandler.FUNCTION);
        TokenVerifier verifier = TokenVerifier.forRemoteKeys(TokenSettings.of("https://issuer.test/pool",
                "execalc-client", unreachableJwks()), Clock.systemUTC(),
                servedFromCache -> telemetry.signingKeysUnreachable(servedFromCache, Clock.systemUTC().instant()));
        TenantAuthorizer authorizer = new TenantAuthorizer(verifier, tenant -> Optional.empty(),
                (member, reason, requestId, auditShards) -> { });
        return new AuthorizerHandler(authorizer, new LambdaJson(), telemetry, Clock.systemUTC());
    }

    private static byte[] event(String authorization) {
        return ("{\"type\":\"REQUEST\",\"methodArn\":\"" + METHOD_ARN + "\",\"headers\":{\"Authorization\":\""
                + authorization + "\"},\"requestContext\":{\"requestId\":\"req-1\"}}").getBytes(StandardCharsets.UTF_8);
    }

    /** A well-formed compact JWS naming a key id: only its signature could tell whether it is valid. */
    private static final String UNVERIFIABLE = "eyJhbGciOiJSUzI1NiIsImtpZCI6InJzYS0xIn0"
            + ".eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";

    @Test
    void anUnreachableJwks_shouldFailTheInvocation_notAnswerUnauthorized_forTheGatewayToAnswer503() {
        AuthorizerHandler handler = handlerWithUnreachableKeys();

        assertThatThrownBy(() -> handler.handleRequest(new ByteArrayInputStream(event("Bearer " + UNVERIFIABLE)),
                new ByteArrayOutputStream(), new TestLambdaContext(null)))
                .isInstanceOf(SigningKeysUnavailableException.class)
                .isNotInstanceOf(AuthorizerHandler.UnauthorizedException.class)
                .satisfies(failure -> assertThat(failure.getMessage()).isNotEqualTo("Unauthorized"));
    }

    @Test
    void anUnreachableJwks_shouldBeCounted_asTheMetricTheAlarmWatches() throws Exception {
        AuthorizerHandler handler = handlerWithUnreachableKeys();

        assertThatThrownBy(() -> handler.handleRequest(new ByteArrayInputStream(event("Bearer " + UNVERIFIABLE)),
                new ByteArrayOutputStream(), new TestLambdaContext(null)));

        List<JsonNode> parsed = new ArrayList<>();
        for (String line : lines) {
            parsed.add(JSON.readTree(line));
        }
        assertThat(parsed).filteredOn(line -> line.path("type").asText().equals("signing-keys")).singleElement()
                .satisfies(line -> {
                    assertThat(line.path(Telemetry.SIGNING_KEYS_UNREACHABLE).asInt()).isEqualTo(1);
                    assertThat(line.path("servedFromCache").asBoolean()).isFalse();
                    assertThat(line.at("/_aws/CloudWatchMetrics/0/Metrics/0/Name").asText())
                            .isEqualTo(Telemetry.SIGNING_KEYS_UNREACHABLE);
                    assertThat(line.at("/_aws/CloudWatchMetrics/0/Dimensions").toString()).isEqualTo("[[\"Function\"]]");
                    assertThat(line.path("Function").asText()).isEqualTo(AuthorizerHandler.FUNCTION);
                });
        assertThat(parsed).filteredOn(line -> line.path("type").asText().equals("request")).singleElement()
                .satisfies(line -> {
                    assertThat(line.path("decision").asText()).isEqualTo("UNAVAILABLE");
                    assertThat(line.path("status").asInt()).isEqualTo(503);
                });
    }

    @Test
    void aTokenThatIsNotAJws_shouldStillBeUnauthorized_withoutFetchingAnyKey() {
        AuthorizerHandler handler = handlerWithUnreachableKeys();

        assertThatThrownBy(() -> handler.handleRequest(new ByteArrayInputStream(event("Bearer not-a-token")),
                new ByteArrayOutputStream(), new TestLambdaContext(null)))
                .isInstanceOf(AuthorizerHandler.UnauthorizedException.class);
        assertThat(lines).noneMatch(line -> line.contains("signing-keys"));
    }
}
