package com.execalc.api;

import com.execalc.ingress.GatewayResponse;
import com.execalc.ingress.Plane;
import com.execalc.ingress.Route;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** openapi.yaml documents exactly the routes the functions serve, and the gateway's own answers on each of them. */
class OpenApiContractTest {

    private static final JsonNode CONTRACT = read();

    /** The gateway's answers that any request of a route may get, whatever it sends. */
    private static final Set<GatewayResponse> ON_EVERY_ROUTE = EnumSet.of(GatewayResponse.UNAUTHORIZED,
            GatewayResponse.EXPIRED_TOKEN, GatewayResponse.ACCESS_DENIED, GatewayResponse.THROTTLED,
            GatewayResponse.AUTHORIZER_FAILURE, GatewayResponse.AUTHORIZER_CONFIGURATION_ERROR,
            GatewayResponse.INTEGRATION_FAILURE, GatewayResponse.INTEGRATION_TIMEOUT);
    /** Only tenant routes require an API key and count against a usage plan's quota. */
    private static final Set<GatewayResponse> ON_TENANT_ROUTES = EnumSet.of(GatewayResponse.INVALID_API_KEY,
            GatewayResponse.QUOTA_EXCEEDED);
    /** Only a route that takes a body can have one that is too large, invalid or of another media type. */
    private static final Set<GatewayResponse> ON_ROUTES_WITH_A_BODY = EnumSet.of(GatewayResponse.REQUEST_TOO_LARGE,
            GatewayResponse.BAD_REQUEST_BODY, GatewayResponse.UNSUPPORTED_MEDIA_TYPE);

    private static JsonNode read() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(Path.of("..", "openapi.yaml").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theDocumentedOperations_shouldBeExactlyTheRoutes() {
        JsonNode paths = CONTRACT.get("paths");
        Set<String> documented = new HashSet<>();
        paths.fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (!method.equals("parameters")) {
                documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));

        Set<String> routes = Arrays.stream(Route.values())
                .map(route -> route.method() + " " + route.resourcePath())
                .collect(Collectors.toSet());

        assertThat(documented).containsExactlyInAnyOrderElementsOf(routes);
    }

    @Test
    void everyRoute_shouldListTheGatewaysAnswersItCanGet_withTheirStatusAndCode() {
        List<String> missing = new ArrayList<>();
        for (Route route : Route.values()) {
            Set<GatewayResponse> answers = EnumSet.copyOf(ON_EVERY_ROUTE);
            if (route.plane() == Plane.TENANT) {
                answers.addAll(ON_TENANT_ROUTES);
            }
            if (!operation(route).path("requestBody").isMissingNode()) {
                answers.addAll(ON_ROUTES_WITH_A_BODY);
            }
            for (GatewayResponse answer : answers) {
                if (!codesOf(route, answer.status().toString()).contains(answer.code())) {
                    missing.add(route + " " + answer + " (" + answer.status() + " " + answer.code() + ")");
                }
            }
        }

        assertThat(missing).isEmpty();
    }

    @Test
    void everyRoute_shouldDescribeTheGatewaysOtherAnswers_underDefault_inTheErrorShape() {
        for (Route route : Route.values()) {
            assertThat(codesOf(route, "default")).as(route.name())
                    .contains(GatewayResponse.DEFAULT_4XX.code(), GatewayResponse.DEFAULT_5XX.code());
        }
    }

    @Test
    void everyResponseOfEveryRoute_shouldDeclareXRequestIdAsRequired() {
        for (Route route : Route.values()) {
            operation(route).path("responses").fields().forEachRemaining(response -> assertThat(
                    resolve(resolve(response.getValue()).at("/headers/X-Request-Id")).path("required").asBoolean())
                    .as(route + " " + response.getKey()).isTrue());
        }
    }

    @Test
    void everyRoute_shouldHaveAnOperationIdASummaryAndATag() {
        Set<String> ids = new HashSet<>();
        for (Route route : Route.values()) {
            JsonNode operation = operation(route);
            assertThat(ids.add(operation.path("operationId").asText())).as(route + " operationId unique").isTrue();
            assertThat(operation.path("operationId").asText()).as(route.name()).matches("[a-z][A-Za-z]+");
            assertThat(operation.path("summary").asText()).as(route.name()).isNotBlank();
            assertThat(operation.path("tags")).as(route.name()).isNotEmpty();
        }
    }

    private static JsonNode operation(Route route) {
        return CONTRACT.path("paths").path(route.resourcePath()).path(route.method().toLowerCase(Locale.ROOT));
    }

    /** The error codes the route's response for {@code status} can carry; empty when it lists no such status. */
    private static Set<String> codesOf(Route route, String status) {
        JsonNode response = resolve(operation(route).path("responses").path(status));
        JsonNode schema = resolve(response.at("/content/application~1json/schema"));
        Set<String> codes = new HashSet<>();
        resolve(schema.at("/properties/error")).at("/properties/code/enum").forEach(code -> codes.add(code.asText()));
        return codes;
    }

    /** Follows a local {@code $ref} such as {@code #/components/responses/NotFound}. */
    private static JsonNode resolve(JsonNode node) {
        String ref = node.path("$ref").asText("");
        return ref.startsWith("#/") ? resolve(CONTRACT.at(ref.substring(1))) : node;
    }
}
