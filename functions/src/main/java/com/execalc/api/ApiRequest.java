package com.execalc.api;

import com.execalc.ingress.ForeignTenantGuard;
import com.execalc.ingress.Route;
import com.execalc.tenancy.InvalidInputException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A read-only view of one API Gateway proxy event: route, parameters, headers and body.
 *
 * <p>Read from the event's JSON tree rather than bound to a POJO: reflective binding cost about 70 ms of every cold
 * start (docs/PERFORMANCE.md), and only these few fields are ever used.
 */
public final class ApiRequest implements ForeignTenantGuard.ClientValues {

    private final String httpMethod;
    private final String resource;
    private final Map<String, String> singleHeaders;
    private final Map<String, List<String>> multiValueHeaders;
    private final Map<String, String> query;
    private final Map<String, List<String>> multiValueQuery;
    private final Map<String, String> pathParameters;
    private final Map<String, Object> authorizer;
    private final String body;
    private final boolean base64Encoded;
    private final LambdaJson json;
    private final String requestId;
    private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private ObjectNode parsedBody;

    /** @param event the proxy event as Lambda delivered it */
    public ApiRequest(JsonNode event, LambdaJson json, String fallbackRequestId) {
        this.json = json;
        this.httpMethod = text(event.get("httpMethod"));
        this.resource = text(event.get("resource"));
        this.singleHeaders = strings(event.get("headers"));
        this.multiValueHeaders = stringLists(event.get("multiValueHeaders"));
        this.query = strings(event.get("queryStringParameters"));
        this.multiValueQuery = stringLists(event.get("multiValueQueryStringParameters"));
        this.pathParameters = strings(event.get("pathParameters"));
        this.body = text(event.get("body"));
        this.base64Encoded = event.path("isBase64Encoded").asBoolean(false);
        JsonNode context = event.get("requestContext");
        String contextRequestId = context == null ? null : text(context.get("requestId"));
        this.requestId = contextRequestId != null ? contextRequestId : fallbackRequestId;
        this.authorizer = context == null ? null : scalars(context.get("authorizer"));
        if (singleHeaders != null) {
            headers.putAll(singleHeaders);
        }
    }

    public String requestId() {
        return requestId;
    }

    /** The route API Gateway matched, if it is one of ours. */
    public Optional<Route> route() {
        String method = httpMethod == null ? "" : httpMethod.toUpperCase(Locale.ROOT);
        return Route.of(method, resource);
    }

    /** The authorizer's output, or {@code null} when the request did not pass an authorizer. */
    public Map<String, Object> authorizer() {
        return authorizer;
    }

    /** A path parameter the route declares. @throws InvalidInputException when it is absent */
    public String pathParameter(String name) {
        String value = pathParameters == null ? null : pathParameters.get(name);
        if (value == null) {
            throw new InvalidInputException("The path parameter '" + name + "' is missing.");
        }
        return value;
    }

    /** A path parameter, or {@code null} when absent: for recording what a refused request named. */
    public String pathParameterOrNull(String name) {
        return pathParameters == null ? null : pathParameters.get(name);
    }

    public Optional<String> query(String name) {
        return Optional.ofNullable(query == null ? null : query.get(name));
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    /**
     * Every value of one header (named case-insensitively), in the order sent: from the multi-value map when it
     * names the header, since the single-value map keeps only the last; empty when the header is absent.
     */
    public List<String> headerValues(String name) {
        List<String> values = new ArrayList<>();
        if (multiValueHeaders != null) {
            multiValueHeaders.forEach((header, list) -> {
                if (header.equalsIgnoreCase(name) && list != null) {
                    list.forEach(value -> values.add(value == null ? "" : value));
                }
            });
        }
        if (values.isEmpty()) {
            header(name).ifPresent(values::add);
        }
        return values;
    }

    /** Every value of every header, repeated headers included (API Gateway keeps only the last in {@link #headers}). */
    public List<Map.Entry<String, String>> allHeaderValues() {
        return allValues(singleHeaders, multiValueHeaders);
    }

    /** Every value of every query parameter, repeated parameters included. */
    public List<Map.Entry<String, String>> allQueryValues() {
        return allValues(query, multiValueQuery);
    }

    @Override
    public Iterable<Map.Entry<String, String>> headerValues() {
        return allHeaderValues();
    }

    @Override
    public Iterable<Map.Entry<String, String>> queryValues() {
        return allQueryValues();
    }

    @Override
    public Iterable<Map.Entry<String, String>> bodyFields(Predicate<String> named) {
        if (!hasBody()) {
            return List.of();
        }
        ObjectNode object;
        try {
            object = jsonBody();
        } catch (InvalidInputException notAnObject) {
            return List.of(); // the capability that reads the body rejects it; nothing here names a tenant
        }
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        object.fields().forEachRemaining(field -> {
            if (named.test(field.getKey())) {
                JsonNode value = field.getValue();
                fields.add(Map.entry(field.getKey(), value.isTextual() ? value.asText() : value.toString()));
            }
        });
        return fields;
    }

    private static List<Map.Entry<String, String>> allValues(Map<String, String> single,
                                                             Map<String, List<String>> multi) {
        List<Map.Entry<String, String>> values = new ArrayList<>();
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
        return body != null && !body.isEmpty();
    }

    /** The body, which must be one JSON object. @throws InvalidInputException otherwise */
    public ObjectNode jsonBody() {
        if (base64Encoded) {
            throw new InvalidInputException("The request body must be JSON text, not binary.");
        }
        if (parsedBody == null) {
            parsedBody = json.parseObject(body);
        }
        return parsedBody;
    }

    /**
     * The body's text as sent, without the JSON whitespace around it, once {@link #jsonBody()} accepted it: what a
     * record stores and answers, so that nothing in it (the text of a number, spacing, escapes) is rewritten.
     *
     * @throws InvalidInputException when the body is not one JSON object
     */
    public String jsonBodyText() {
        jsonBody();
        int from = 0;
        int to = body.length();
        while (from < to && isJsonWhitespace(body.charAt(from))) {
            from++;
        }
        while (to > from && isJsonWhitespace(body.charAt(to - 1))) {
            to--;
        }
        String text = body.substring(from, to);
        if (!text.startsWith("{") || !text.endsWith("}")) {
            // e.g. a byte order mark: the parser skips it, but the text would not be JSON inside an answer
            throw new InvalidInputException("The request body must be a JSON object.");
        }
        return text;
    }

    /** The four characters RFC 8259 allows around and between tokens. */
    private static boolean isJsonWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /** A string field, or null when absent or JSON null; any other scalar as its text. */
    private static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isContainerNode()) {
            throw new InvalidInputException("The invocation event is not a valid API Gateway proxy event.");
        }
        return node.asText();
    }

    /** A map of strings ({@code headers}, {@code pathParameters}...), or null when absent. */
    private static Map<String, String> strings(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        requireObject(node);
        Map<String, String> values = new LinkedHashMap<>();
        node.fields().forEachRemaining(field -> values.put(field.getKey(), text(field.getValue())));
        return values;
    }

    /** A map of string lists ({@code multiValueHeaders}...), or null when absent. */
    private static Map<String, List<String>> stringLists(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        requireObject(node);
        Map<String, List<String>> values = new LinkedHashMap<>();
        node.fields().forEachRemaining(field -> {
            JsonNode list = field.getValue();
            if (list == null || list.isNull()) {
                values.put(field.getKey(), null);
                return;
            }
            if (!list.isArray()) {
                throw new InvalidInputException("The invocation event is not a valid API Gateway proxy event.");
            }
            List<String> texts = new ArrayList<>();
            list.forEach(element -> texts.add(text(element)));
            values.put(field.getKey(), texts);
        });
        return values;
    }

    /** The authorizer's context: strings, numbers and booleans, as API Gateway passes them. */
    private static Map<String, Object> scalars(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        requireObject(node);
        Map<String, Object> values = new LinkedHashMap<>();
        node.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            values.put(field.getKey(), value.isTextual() ? value.textValue()
                    : value.isNumber() ? value.numberValue()
                    : value.isBoolean() ? (Object) value.booleanValue()
                    : value.isNull() ? null : value.toString());
        });
        return values;
    }

    private static void requireObject(JsonNode node) {
        if (!node.isObject()) {
            throw new InvalidInputException("The invocation event is not a valid API Gateway proxy event.");
        }
    }
}
