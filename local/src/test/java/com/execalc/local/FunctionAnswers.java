package com.execalc.local;

import com.execalc.api.ControlPlaneHandler;
import com.execalc.api.TenantApiHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;

/**
 * Which requests the tenant API or the control plane answered, from the request line each logs per answer. Every answer
 * carries {@code X-Request-Id}, the gateway's own refusals included, so that header cannot tell whether a function ran.
 * The local stack keeps the last 200,000 log lines: read this right after the requests it is about.
 */
final class FunctionAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FunctionAnswers() {
    }

    /** The request ids the two API functions answered so far. */
    static Set<String> requestIds(LocalCloud stack) {
        Set<String> answered = new HashSet<>();
        for (String line : stack.logs().lines()) {
            if (!line.contains("\"type\":\"request\"")) {
                continue;
            }
            JsonNode request;
            try {
                request = JSON.readTree(line);
            } catch (IOException e) {
                throw new UncheckedIOException("A function logged a line that is not JSON: " + line, e);
            }
            String function = request.path("Function").asText();
            if (function.equals(TenantApiHandler.FUNCTION) || function.equals(ControlPlaneHandler.FUNCTION)) {
                answered.add(request.path("requestId").asText());
            }
        }
        return answered;
    }
}
