package com.execalc.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A small HTTP client for tests that talk to the local gateway like a real client would. Given a contract, it checks
 * every response of the API (not of the local-only endpoints under {@code /_local/}) against it, and fails the test
 * with an {@link AssertionError} at the first that departs from it.
 */
public final class ApiClient {

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final OpenApiContract contract;

    /** A client that checks no response. */
    public ApiClient(URI base) {
        this(base, null);
    }

    /** A client that checks every API response against {@code contract} (none when {@code null}). */
    public ApiClient(URI base, OpenApiContract contract) {
        this.base = base;
        this.contract = contract;
    }

    /** A response: status, raw body and the body as JSON (missing when it is not JSON). */
    public record Response(int status, String body, JsonNode json, Map<String, List<String>> headers) {
        public String errorCode() {
            return json.at("/error/code").asText();
        }

        /** The {@code X-Request-Id} header, which every answer of the local stack carries. */
        public String requestId() {
            return header("X-Request-Id");
        }

        /**
         * The gateway response type of an answer the gateway gave itself (e.g. {@code MISSING_AUTHENTICATION_TOKEN}),
         * from the local-only {@code X-Execalc-Gateway-Response} header; {@code null} for a function's answer.
         */
        public String gatewayResponse() {
            return header("X-Execalc-Gateway-Response");
        }

        /** Whether a function answered: only then did the request reach one, and open an audit event. */
        public boolean answeredByAFunction() {
            return gatewayResponse() == null && requestId() != null;
        }

        private String header(String name) {
            return headers.entrySet().stream()
                    .filter(header -> header.getKey().equalsIgnoreCase(name))
                    .map(header -> header.getValue().get(0))
                    .findFirst().orElse(null);
        }
    }

    /** A fresh tenant id, so that tests never share data by accident. */
    public static String uniqueTenant(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public String token(String tenant, String subject, String... roles) {
        Map<String, Object> request = tenant == null
                ? Map.of("sub", subject, "roles", List.of(roles))
                : Map.of("tenant", tenant, "sub", subject, "roles", List.of(roles));
        Response response = send("POST", "/_local/token", null, write(request), Map.of());
        if (response.status() != 200) {
            throw new IllegalStateException("Could not mint a local token: " + response.body());
        }
        return response.json().get("token").asText();
    }

    public String operatorToken() {
        return token(null, "ops", "platform-admin");
    }

    /** Registers an active tenant through the control plane. */
    public void registerTenant(String tenant) {
        Response response = send("POST", "/tenants", operatorToken(),
                write(Map.of("tenantId", tenant, "displayName", "Tenant " + tenant)), Map.of());
        if (response.status() != 201) {
            throw new IllegalStateException("Could not register " + tenant + ": " + response.body());
        }
    }

    public Response get(String path, String token) {
        return send("GET", path, token, null, Map.of());
    }

    public Response send(String method, String path, String token, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        try {
            return checked(method, path, http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + " was interrupted", e);
        }
    }

    /**
     * Sends raw bytes to a raw path and query, exactly as given: nothing is encoded, resolved or normalised (a path
     * segment {@code ..} or {@code %2F} reaches the gateway as written), and the body may hold any bytes, even invalid
     * UTF-8. For fuzzing; {@code rawPathAndQuery} must still be a syntactically valid URI reference.
     */
    public Response sendRaw(String method, String rawPathAndQuery, String token, byte[] body,
                            Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString() + rawPathAndQuery))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        try {
            return checked(method, rawPathAndQuery, http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + rawPathAndQuery + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + rawPathAndQuery + " was interrupted", e);
        }
    }

    /** Like {@link #send}, with one header sent several times, once per value, in this order. */
    public Response sendWithRepeatedHeader(String method, String path, String token, String body, String header,
                                           List<String> values) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        values.forEach(value -> request.header(header, value));
        try {
            return checked(method, path, http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + " was interrupted", e);
        }
    }

    /** The response, once the contract (if any) found nothing wrong with it. */
    private Response checked(String method, String pathAndQuery, HttpResponse<String> response) {
        if (contract != null && !pathAndQuery.startsWith("/_local/")) {
            contract.check(new OpenApiContract.Exchange(method, pathAndQuery, response.statusCode(),
                    response.headers().map(), response.body()));
        }
        return new Response(response.statusCode(), response.body(), parse(response.body()), response.headers().map());
    }

    public String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode parse(String body) {
        if (body == null || body.isEmpty()) {
            return MissingNode.getInstance();
        }
        try {
            return json.readTree(body);
        } catch (IOException notJson) {
            return MissingNode.getInstance();
        }
    }
}
