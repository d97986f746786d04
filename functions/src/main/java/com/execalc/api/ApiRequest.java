package com.execalc.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.execalc.ingress.Route;
import com.execalc.tenancy.InvalidInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A read-only view of one API Gateway proxy event: route, parameters, headers and body. */
public final class ApiRequest {

    private final APIGatewayProxyRequestEvent event;
    private final LambdaJson json;
    private final String requestId;
    private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private ObjectNode parsedBody;

    public ApiRequest(APIGatewayProxyRequestEvent event, LambdaJson json, String fallbackRequestId) {
        this.event = event;
        this.json = json;
        APIGatewayProxyRequestEvent.ProxyRequestContext context = event.getRequestContext();
        this.requestId = context != null && context.getRequestId() != null ? context.getRequestId() : fallbackRequestId;
        if (event.getHeaders() != null) {
            headers.putAll(event.getHeaders());
        }
    }

    public String requestId() {
        return requestId;
    }

    /** The route API Gateway matched, if it is one of ours. */
    public Optional<Route> route() {
        String method = event.getHttpMethod() == null ? "" : event.getHttpMethod().toUpperCase(Locale.ROOT);
        return Route.of(method, event.getResource());
    }

    /** The authorizer's output, or {@code null} when the request did not pass an authorizer. */
    public Map<String, Object> authorizer() {
        return event.getRequestContext() == null ? null : event.getRequestContext().getAuthorizer();
    }

    /** A path parameter the route declares. @throws InvalidInputException when it is absent */
    public String pathParameter(String name) {
        Map<String, String> parameters = event.getPathParameters();
        String value = parameters == null ? null : parameters.get(name);
        if (value == null) {
            throw new InvalidInputException("The path parameter '" + name + "' is missing.");
        }
        return value;
    }

    public Optional<String> query(String name) {
        Map<String, String> query = event.getQueryStringParameters();
        return Optional.ofNullable(query == null ? null : query.get(name));
    }

    public Map<String, String> queryParameters() {
        Map<String, String> query = event.getQueryStringParameters();
        return query == null ? Map.of() : Map.copyOf(query);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    public Map<String, String> headers() {
        return java.util.Collections.unmodifiableMap(headers);
    }

    /** Every value of every header, repeated headers included (API Gateway keeps only the last in {@link #headers}). */
    public List<Map.Entry<String, String>> allHeaderValues() {
        return allValues(event.getHeaders(), event.getMultiValueHeaders());
    }

    /** Every value of every query parameter, repeated parameters included. */
    public List<Map.Entry<String, String>> allQueryValues() {
        return allValues(event.getQueryStringParameters(), event.getMultiValueQueryStringParameters());
    }

    private static List<Map.Entry<String, String>> allValues(Map<String, String> single,
                                                             Map<String, List<String>> multi) {
        List<Map.Entry<String, String>> values = new java.util.ArrayList<>();
        if (single != null) {
            single.forEach((name, value) -> values.add(Map.entry(name, value == null ? "" : value)));
        }
        if (multi != null) {
            multi.forEach((name, list) -> {
                if (list != null) {
                    list.forEach(value -> values.add(Map.entry(name, value == null ? "" : value)));
                }
            });
        }
        return values;
    }

    /** Whether the request has a non-empty body. */
    public boolean hasBody() {
        return event.getBody() != null && !event.getBody().isEmpty();
    }

    /** The body, which must be one JSON object. @throws InvalidInputException otherwise */
    public ObjectNode jsonBody() {
        if (Boolean.TRUE.equals(event.getIsBase64Encoded())) {
            throw new InvalidInputException("The request body must be JSON text, not binary.");
        }
        if (parsedBody == null) {
            parsedBody = json.parseObject(event.getBody());
        }
        return parsedBody;
    }
}
