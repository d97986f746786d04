package com.execalc.local.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One request as the shell read it.
 *
 * @param requestId the id the shell gave the request, before reading it
 * @param method    the method, as sent (a token)
 * @param rawPath   the path, still percent-encoded, e.g. {@code /namespaces/a%23b}
 * @param rawQuery  the query after {@code ?}, still percent-encoded; {@code null} without {@code ?}
 * @param headers   every header line, grouped by name whatever its case (the first spelling names the group), in
 *                  the order they came
 * @param body      the body, decoded from its framing; empty when there is none
 */
public record HttpRequest(String requestId, String method, String rawPath, String rawQuery,
                          Map<String, List<String>> headers, byte[] body) {

    public HttpRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawPath, "rawPath");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        headers = java.util.Collections.unmodifiableMap(copy);
        body = body == null ? new byte[0] : body;
    }

    /** The values of a header, whatever the case of its name; empty when absent. */
    public List<String> header(String name) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return List.of();
    }
}
