package com.execalc.local;

import com.execalc.ingress.Route;
import com.execalc.local.http.HttpRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The events API Gateway sends for a request of a route: the REQUEST authorizer's event and the integration's proxy
 * event (payload 1.0), with the request's headers and query as the client sent them (single values: the last one),
 * the decoded path, and the request context with the authorizer's output.
 */
final class ProxyEvents {

    /**
     * A request for a route of the API.
     *
     * @param path  the decoded path, as API Gateway reports it ({@code +} stays {@code +})
     * @param query the query parameters, form-decoded, each with every value in order
     */
    record RouteRequest(String requestId, String method, RouteMatch match, String path,
                        Map<String, List<String>> headers, Map<String, List<String>> query, byte[] body) {

        RouteRequest {
            java.util.Objects.requireNonNull(match, "match");
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
            query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
        }

        static RouteRequest of(HttpRequest request, RouteMatch match) {
            return new RouteRequest(request.requestId(), request.method(), match,
                    RouteMatch.decoded(request.rawPath()), request.headers(), parseQuery(request.rawQuery()),
                    request.body());
        }

        Route route() {
            return match.route();
        }

        /** The execute-api ARN of this call, which the authorizer's policy must allow. */
        String methodArn() {
            return LocalGateway.API_ARN + "/" + LocalGateway.STAGE + "/" + method + path;
        }

        /** The {@code Authorization} header, its values joined; {@code null} without one: the authorizer cache key. */
        String identity() {
            for (Map.Entry<String, List<String>> header : headers.entrySet()) {
                if (header.getKey().equalsIgnoreCase("Authorization")) {
                    return String.join(",", header.getValue());
                }
            }
            return null;
        }
    }

    private final ObjectMapper json;

    ProxyEvents(ObjectMapper json) {
        this.json = json;
    }

    /** The REQUEST authorizer's event. */
    ObjectNode authorizerEvent(RouteRequest request) {
        ObjectNode event = json.createObjectNode()
                .put("type", "REQUEST")
                .put("methodArn", request.methodArn())
                .put("resource", request.route().resourcePath())
                .put("path", request.path())
                .put("httpMethod", request.method());
        event.set("headers", singleValues(request.headers()));
        event.set("queryStringParameters", singleValues(request.query()));
        event.set("pathParameters", json.valueToTree(request.match().pathParameters()));
        event.set("requestContext", requestContext(request, null));
        return event;
    }

    /** What the integration gets as {@code requestContext.authorizer}: the decision's context and its principal. */
    ObjectNode authorizerContext(JsonNode decision) {
        ObjectNode context = decision.path("context").isObject() ? ((ObjectNode) decision.get("context")).deepCopy()
                : json.createObjectNode();
        context.put("principalId", decision.path("principalId").asText());
        return context;
    }

    /** The integration's proxy event. */
    ObjectNode proxyEvent(RouteRequest request, ObjectNode authorizerContext) {
        ObjectNode event = json.createObjectNode()
                .put("resource", request.route().resourcePath())
                .put("path", request.path())
                .put("httpMethod", request.method())
                .put("isBase64Encoded", false);
        event.set("headers", singleValues(request.headers()));
        event.set("multiValueHeaders", json.valueToTree(request.headers()));
        event.set("queryStringParameters", singleValues(request.query()));
        event.set("multiValueQueryStringParameters", request.query().isEmpty() ? null
                : json.valueToTree(request.query()));
        event.set("pathParameters", request.match().pathParameters().isEmpty() ? null
                : json.valueToTree(request.match().pathParameters()));
        event.set("requestContext", requestContext(request, authorizerContext));
        if (request.body().length > 0) {
            event.put("body", new String(request.body(), StandardCharsets.UTF_8));
        }
        return event;
    }

    private ObjectNode requestContext(RouteRequest request, ObjectNode authorizer) {
        ObjectNode context = json.createObjectNode()
                .put("requestId", request.requestId())
                .put("resourcePath", request.route().resourcePath())
                .put("httpMethod", request.method())
                .put("path", "/" + LocalGateway.STAGE + request.path())
                .put("stage", LocalGateway.STAGE)
                .put("apiId", LocalGateway.API_ID)
                .put("accountId", LocalTables.ACCOUNT);
        if (authorizer != null) {
            context.set("authorizer", authorizer);
        }
        return context;
    }

    private JsonNode singleValues(Map<String, List<String>> multi) {
        if (multi.isEmpty()) {
            return null;
        }
        ObjectNode single = json.createObjectNode();
        multi.forEach((name, values) -> single.put(name, values.get(values.size() - 1)));
        return single;
    }

    /** A raw query as API Gateway reads it: {@code &}-separated, form-decoded, repeated names kept in order. */
    static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.computeIfAbsent(name, ignored -> new ArrayList<>()).add(value);
        }
        return query;
    }
}
