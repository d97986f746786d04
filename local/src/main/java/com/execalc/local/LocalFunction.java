package com.execalc.local;

import java.util.Map;
import java.util.Objects;

/**
 * One function as the local stack runs it, served at {@code GET /_local/functions}: enough to start the packaged
 * function (its zip, or the jar behind a runtime interface client) against a running local stack.
 *
 * @param name        the function's name, as in its zip ({@code functions/target/lambda/<name>.zip}) and its logs
 * @param handler     the handler class, Lambda's {@code _HANDLER}
 * @param environment the exact environment variables the local stack gives the function: its dynalite endpoint,
 *                    tables, token issuer, and an {@code AWS_ENDPOINT_URL} that keeps every other AWS call on
 *                    the loopback gateway
 */
public record LocalFunction(String name, String handler, Map<String, String> environment) {

    public LocalFunction {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handler, "handler");
        environment = Map.copyOf(environment);
    }
}
