package com.execalc.api;

import com.execalc.pipeline.Answer;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Objects;

/**
 * What a capability answers: a status, an optional JSON body and optional extra headers.
 *
 * @param status  the HTTP status
 * @param body    the JSON body, or {@code null} for none (204)
 * @param headers extra response headers, e.g. {@code ETag}
 */
public record ApiResponse(int status, JsonNode body, Map<String, String> headers) implements Answer {

    public ApiResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("Not an HTTP status: " + status);
        }
        headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
    }

    public static ApiResponse of(int status, JsonNode body) {
        return new ApiResponse(status, body, Map.of());
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, null, Map.of());
    }
}
