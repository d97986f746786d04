package com.execalc.local;

import com.execalc.api.ApiRequest;
import com.execalc.api.LambdaJson;
import com.execalc.ingress.Route;
import com.execalc.local.ProxyEvents.RouteRequest;
import com.execalc.local.http.HttpRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The events the local gateway builds, as API Gateway builds them for a REST API with a REQUEST authorizer. */
class ProxyEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ProxyEvents events = new ProxyEvents(JSON);

    private static RouteRequest request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                                        String body) {
        HttpRequest http = new HttpRequest("req-1", method, rawPath, rawQuery, headers,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8));
        return RouteRequest.of(http, RouteMatch.find(method, rawPath));
    }

    private static Map<String, List<String>> headers() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("authorization", List.of("Bearer t"));
        headers.put("X-Tenant-Id", List.of("a", "b"));
        return headers;
    }

    @Test
    void theProxyEvent_shouldCarryTheRequestAsSent_withSingleValuesBeingTheLast() {
        RouteRequest request = request("PUT", "/namespaces/a%2Bb+c/records/r1", "x=1&x=2&y=a+b%26", headers(),
                "{\"v\":1}");

        ObjectNode event = events.proxyEvent(request, JSON.createObjectNode().put("tenantId", "acme"));

        assertThat(event.get("resource").asText()).isEqualTo("/namespaces/{ns}/records/{id}");
        assertThat(event.get("path").asText()).isEqualTo("/namespaces/a+b+c/records/r1");
        assertThat(event.get("httpMethod").asText()).isEqualTo("PUT");
        assertThat(event.get("isBase64Encoded").asBoolean()).isFalse();
        assertThat(event.at("/headers/X-Tenant-Id").asText()).isEqualTo("b");
        assertThat(event.at("/headers/authorization").asText()).isEqualTo("Bearer t");
        assertThat(event.at("/multiValueHeaders/X-Tenant-Id")).hasSize(2);
        assertThat(event.at("/queryStringParameters/x").asText()).isEqualTo("2");
        assertThat(event.at("/queryStringParameters/y").asText()).isEqualTo("a b&");
        assertThat(event.at("/multiValueQueryStringParameters/x").toString()).isEqualTo("[\"1\",\"2\"]");
        assertThat(event.at("/pathParameters/ns").asText()).isEqualTo("a+b+c");
        assertThat(event.get("body").asText()).isEqualTo("{\"v\":1}");
        assertThat(event.at("/requestContext/requestId").asText()).isEqualTo("req-1");
        assertThat(event.at("/requestContext/path").asText()).isEqualTo("/local/namespaces/a+b+c/records/r1");
        assertThat(event.at("/requestContext/authorizer/tenantId").asText()).isEqualTo("acme");
    }

    @Test
    void theProxyEvent_shouldHoldNulls_forNoQueryNoParametersAndNoBody() {
        ObjectNode event = events.proxyEvent(request("GET", "/me", null, Map.of(), null), JSON.createObjectNode());

        assertThat(event.get("queryStringParameters").isNull()).isTrue();
        assertThat(event.get("multiValueQueryStringParameters").isNull()).isTrue();
        assertThat(event.get("pathParameters").isNull()).isTrue();
        assertThat(event.get("headers").isNull()).isTrue();
        assertThat(event.has("body")).isFalse();
    }

    @Test
    void theProxyEvent_shouldBeReadByTheFunctions_asTheRequestItDescribes() {
        RouteRequest request = request("GET", "/namespaces/orders/records", "limit=5", headers(), null);
        ObjectNode event = events.proxyEvent(request, JSON.createObjectNode().put("tenantId", "acme"));

        ApiRequest read = new ApiRequest(event, new LambdaJson(), "fallback");

        assertThat(read.route()).contains(Route.LIST_RECORDS);
        assertThat(read.requestId()).isEqualTo("req-1");
        assertThat(read.header("AUTHORIZATION")).contains("Bearer t");
    }

    @Test
    void theAuthorizerEvent_shouldBeARequestEvent_forTheMethodArn() {
        JsonNode event = events.authorizerEvent(request("PUT", "/namespaces/orders", "a=1", headers(), null));

        assertThat(event.get("type").asText()).isEqualTo("REQUEST");
        assertThat(event.get("methodArn").asText())
                .isEqualTo("arn:aws:execute-api:local:000000000000:execalc/local/PUT/namespaces/orders");
        assertThat(event.get("resource").asText()).isEqualTo("/namespaces/{ns}");
        assertThat(event.at("/headers/authorization").asText()).isEqualTo("Bearer t");
        assertThat(event.at("/queryStringParameters/a").asText()).isEqualTo("1");
        assertThat(event.at("/pathParameters/ns").asText()).isEqualTo("orders");
        assertThat(event.at("/requestContext/authorizer").isMissingNode()).isTrue();
    }

    @Test
    void theAuthorizerContext_shouldBeTheDecisionsContext_withItsPrincipal() throws Exception {
        JsonNode decision = JSON.readTree("{\"principalId\":\"acme:alice\",\"context\":{\"tenantId\":\"acme\","
                + "\"auditShards\":4}}");

        ObjectNode context = events.authorizerContext(decision);

        assertThat(context.toString()).isEqualTo("{\"tenantId\":\"acme\",\"auditShards\":4,"
                + "\"principalId\":\"acme:alice\"}");
        assertThat(decision.get("context").has("principalId")).as("the decision itself is unchanged").isFalse();
    }

    @Test
    void identity_shouldBeTheAuthorizationHeaderWhateverItsCase_withRepeatedValuesJoined() {
        Map<String, List<String>> headers = Map.of("AUTHORIZATION", List.of("Bearer a", "Bearer b"));

        assertThat(request("GET", "/me", null, headers, null).identity()).isEqualTo("Bearer a,Bearer b");
        assertThat(request("GET", "/me", null, Map.of(), null).identity()).isNull();
    }

    @Test
    void parseQuery_shouldSplitOnAmpersands_formDecode_andKeepRepeatedNamesInOrder() {
        assertThat(ProxyEvents.parseQuery("a=1&&b&a=%32&c=x+y")).containsExactly(
                Map.entry("a", List.of("1", "2")), Map.entry("b", List.of("")), Map.entry("c", List.of("x y")));
        assertThat(ProxyEvents.parseQuery(null)).isEmpty();
        assertThat(ProxyEvents.parseQuery("")).isEmpty();
    }
}
