package com.execalc.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The small language the cross-tenant attack matrix ({@link AttackMatrix}) is written in: one attempt per line,
 * {@code by(BOB).put(path, body).ifMatch("2").fails(412, PRECONDITION_FAILED)} or {@code by(VIC).get(path).is(200,
 * body)}.
 *
 * <p>Attempts are data: paths, bodies, headers and expected bodies name what only exists at run time by placeholder
 * ({@code {A}} for tenant A's id, {@code {A's orders cursor}}, ...), which a run's {@link Placeholders} resolve when
 * the attempt is made. Some placeholders are also masked: their values are put back into the answers before the
 * answers are compared, so that an id of A's and an id never issued read the same.
 */
final class AttackDsl {

    /** What masks B's own timestamps ({@code createdAt}, {@code updatedAt}) in bodies. */
    static final String TIMESTAMP = "<timestamp>";
    /** What masks B's own execution ids in bodies. */
    static final String EXECUTION_ID = "<execution id>";
    /** What masks the ETags of B's own writes (ids of B's audit events) in the answers two passes compare. */
    static final String OWN_ETAG = "<B's own ETag>";

    private static final ObjectMapper JSON = new ObjectMapper();

    private AttackDsl() {
    }

    /** A member of the attacking tenant B, by subject and role. */
    record Member(String subject, String role) {

        Member {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(role, "role");
        }

        @Override
        public String toString() {
            return subject + "(" + role + ")";
        }
    }

    /** Starts an attempt of {@code member}. */
    static Builder by(Member member) {
        return new Builder(member);
    }

    /** Builds one attempt: a request, then {@link #is} or {@link #fails}. */
    static final class Builder {
        private final Member member;
        private String method;
        private String path;
        private String body;
        private final Map<String, String> headers = new LinkedHashMap<>();

        private Builder(Member member) {
            this.member = Objects.requireNonNull(member, "member");
        }

        Builder get(String path) {
            return request("GET", path, null);
        }

        Builder put(String path, String body) {
            return request("PUT", path, body);
        }

        Builder delete(String path) {
            return request("DELETE", path, null);
        }

        Builder post(String path, String body) {
            return request("POST", path, body);
        }

        Builder request(String method, String path, String body) {
            this.method = method;
            this.path = path;
            this.body = body;
            return this;
        }

        /** A header, sent in the order given. */
        Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Builder ifMatch(String version) {
            return header("If-Match", "\"" + version + "\"");
        }

        /** A success: the status and the whole body, timestamps as {@value #TIMESTAMP}; {@code null} for none. */
        Attempt is(int status, String expectedBody) {
            return new Attempt(member, method, path, body, headers, new Expected(status, null, expectedBody));
        }

        /** A failure: the status and the error code. */
        Attempt fails(int status, String code) {
            return new Attempt(member, method, path, body, headers, new Expected(status, code, null));
        }
    }

    /**
     * One way B tries to reach A, and the answer it must get. Paths, bodies and headers may hold placeholders.
     *
     * @param headers sent in this order
     */
    record Attempt(Member member, String method, String path, String body, Map<String, String> headers,
                   Expected expected) {

        Attempt {
            Objects.requireNonNull(member, "member");
            Objects.requireNonNull(method, "method: start with get, put, delete, post or request");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(expected, "expected");
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        }

        /**
         * E.g. {@code bob-of-b(admin) PUT /namespaces/orders/records/ord-1 {If-Match="2"} {"note":"x"}}: the member,
         * the request, its headers and body as written, with the README's decision model shortened.
         */
        String label() {
            String label = member + " " + method + " " + path + (headers.isEmpty() ? "" : " " + headers)
                    + (body == null ? "" : " " + body);
            return label.replace(ExecutionApiTest.SUPPLIER_MODEL.substring(1), "...the README's decision model}");
        }

        /** The route template the gateway matches, e.g. {@code GET /namespaces/{ns}/records/{id}}. */
        String route() {
            int query = path.indexOf('?');
            RouteMatch match = RouteMatch.find(method, query < 0 ? path : path.substring(0, query));
            return match == null ? method + " (no route)" : method + " " + match.route().resourcePath();
        }

        /** The path to send, placeholders resolved. */
        String pathIn(Placeholders placeholders) {
            return placeholders.resolve(path);
        }

        /** The body to send, placeholders resolved; {@code null} for none. */
        String bodyIn(Placeholders placeholders) {
            return body == null ? null : placeholders.resolve(body);
        }

        /** The headers to send, placeholders resolved, in order. */
        Map<String, String> headersIn(Placeholders placeholders) {
            Map<String, String> resolved = new LinkedHashMap<>();
            headers.forEach((name, value) -> resolved.put(name, placeholders.resolve(value)));
            return resolved;
        }

        @Override
        public String toString() {
            return label();
        }
    }

    /**
     * The documented answer: a status, and either an error code or the whole body (masked, with placeholders).
     *
     * @param bodyTemplate the expected body, e.g. {@code {"tenantId":"{B}",...}}; {@code null} for none
     */
    record Expected(int status, String errorCode, String bodyTemplate) {

        /** The expected body of this run; a missing node for none. */
        JsonNode body(Placeholders placeholders) {
            return bodyTemplate == null ? MissingNode.getInstance() : parse(placeholders.resolve(bodyTemplate));
        }

        boolean holds(Answer answer, Placeholders placeholders) {
            return answer.status() == status && (errorCode != null
                    ? answer.body().at("/error/code").asText().equals(errorCode)
                    : masked(answer.body()).equals(body(placeholders)));
        }

        void verify(Answer answer, String attempt, Placeholders placeholders) {
            assertThat(answer.status()).as("%s: status (body %s)", attempt, answer.rawBody()).isEqualTo(status);
            if (errorCode != null) {
                assertThat(answer.body().at("/error/code").asText()).as("%s: error code", attempt).isEqualTo(errorCode);
            } else {
                assertThat(masked(answer.body())).as("%s: body", attempt).isEqualTo(body(placeholders));
            }
        }

        /** For the report: {@code 403 TENANT_MISMATCH}, {@code 200 empty page}, {@code 204 (no body)}... */
        String describe(Placeholders placeholders) {
            if (errorCode != null) {
                return status + " " + errorCode;
            }
            JsonNode body = body(placeholders);
            if (body.isMissingNode()) {
                return status + " (no body)";
            }
            return status + " " + summary(body);
        }

        private static String summary(JsonNode body) {
            if (body.has("items")) {
                return body.get("items").isEmpty() ? "empty page" : "B's own " + body.get("items").size()
                        + (body.get("items").size() == 1 ? " item" : " items");
            }
            if (body.has("subject")) {
                return "B's own context";
            }
            if (body.has("effective")) {
                return "B's own policy, version " + body.get("version").asText();
            }
            if (body.has("executionId")) {
                return "B's own execution";
            }
            if (body.has("data")) {
                return "B's own record, version " + body.get("version").asText();
            }
            if (body.has("namespace")) {
                return "B's own namespace";
            }
            return "as documented";
        }
    }

    /**
     * What B got.
     *
     * @param body    the body with the masked placeholders put back, as JSON (missing when not JSON)
     * @param rawBody the body as it came
     */
    record Answer(int status, String etag, JsonNode body, String rawBody, String requestId) {

        static Answer of(ApiClient.Response response, Placeholders placeholders) {
            String raw = response.body() == null ? "" : response.body();
            String answered = placeholders.mask(raw);
            String etag = response.headers().entrySet().stream()
                    .filter(header -> header.getKey().equalsIgnoreCase("ETag"))
                    .map(header -> header.getValue().get(0)).findFirst().orElse(null);
            return new Answer(response.status(), etag,
                    answered.isEmpty() ? MissingNode.getInstance() : parseLeniently(answered), raw,
                    response.requestId());
        }

        /**
         * Everything that must be the same whether or not A holds data: the request id, B's timestamps and the ETags
         * of B's own writes (ids of B's events, checked to be that) masked.
         */
        Comparable comparable() {
            return new Comparable(status, etag != null && etag.matches("\"[0-9A-HJKMNP-TV-Z]{26}\"") ? OWN_ETAG : etag,
                    masked(body));
        }
    }

    /** The part of an answer two passes compare. */
    record Comparable(int status, String etag, JsonNode body) {
    }

    /**
     * The values a run's placeholders stand for. Each is substituted into requests and expected bodies; the masked
     * ones are also put back into answers (value by placeholder), in the order they were defined.
     */
    static final class Placeholders {
        private final Map<String, String> values = new LinkedHashMap<>();
        private final Set<String> masked = new LinkedHashSet<>();

        /** {@code placeholder} stands for {@code value} in requests and expected bodies. */
        Placeholders define(String placeholder, String value) {
            values.put(placeholder, Objects.requireNonNull(value, placeholder));
            return this;
        }

        /** As {@link #define}, and {@code value} reads as {@code placeholder} in answers too. */
        Placeholders defineMasked(String placeholder, String value) {
            define(placeholder, value);
            masked.add(placeholder);
            return this;
        }

        /** Whether {@code placeholder} has a value yet. */
        boolean defines(String placeholder) {
            return values.containsKey(placeholder);
        }

        String resolve(String template) {
            String resolved = template;
            for (Map.Entry<String, String> placeholder : values.entrySet()) {
                resolved = resolved.replace(placeholder.getKey(), placeholder.getValue());
            }
            return resolved;
        }

        String mask(String answer) {
            String masked = answer;
            for (Map.Entry<String, String> placeholder : values.entrySet()) {
                if (this.masked.contains(placeholder.getKey())) {
                    masked = masked.replace(placeholder.getValue(), placeholder.getKey());
                }
            }
            return masked;
        }
    }

    /**
     * A body with what necessarily differs between B's requests masked: an error's request id, the request id of
     * {@code GET /me}, B's own execution ids and the timestamps of B's own writes.
     */
    static JsonNode masked(JsonNode body) {
        JsonNode copy = body.deepCopy();
        if (copy.path("error").isObject()) {
            ((ObjectNode) copy.get("error")).remove("requestId");
        }
        if (copy instanceof ObjectNode object && object.has("tenantId") && object.has("subject")) {
            object.remove("requestId"); // GET /me
        }
        if (copy instanceof ObjectNode object && object.path("executionId").isTextual()) {
            object.put("executionId", EXECUTION_ID);
        }
        maskTimestamps(copy);
        return copy;
    }

    private static void maskTimestamps(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (String field : Set.of("createdAt", "updatedAt")) {
                if (object.path(field).isTextual()) {
                    object.put(field, TIMESTAMP);
                }
            }
        }
        node.forEach(AttackDsl::maskTimestamps);
    }

    static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("Not JSON: " + text, e);
        }
    }

    private static JsonNode parseLeniently(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException notJson) {
            return MissingNode.getInstance();
        }
    }
}
