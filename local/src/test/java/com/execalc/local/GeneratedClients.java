package com.execalc.local;

import com.execalc.client.ApiException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The generated Java client (module {@code client}) against the local stack, configured as the README tells a user to:
 * a base URI and a request interceptor that adds {@code Authorization: Bearer <token>}. Every request goes through a
 * {@link ContractProxy}, so each answer the generated client gets is checked against {@code openapi.yaml} and counted
 * in the run's coverage like those of {@link ApiClient}; a test asserts {@link #violations()} is empty before it ends.
 */
final class GeneratedClients implements AutoCloseable {

    private final ContractProxy proxy;

    GeneratedClients(URI stack, OpenApiContract contract) {
        try {
            this.proxy = new ContractProxy(stack, contract);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the contract proxy", e);
        }
    }

    /** A generated {@code ApiClient} that calls the API with {@code token}. */
    com.execalc.client.ApiClient as(String token) {
        com.execalc.client.ApiClient client = new com.execalc.client.ApiClient();
        client.updateBaseUri(proxy.baseUri().toString());
        client.setReadTimeout(Duration.ofSeconds(30));
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        return client;
    }

    /** The body of a refused call, read as that status's error model of the contract. */
    static <T> T error(ApiException refused, Class<T> model) {
        try {
            return com.execalc.client.ApiClient.createDefaultObjectMapper().readValue(refused.getResponseBody(), model);
        } catch (IOException e) {
            throw new AssertionError("The body of the " + refused.getCode() + " is no " + model.getSimpleName() + ": "
                    + refused.getResponseBody(), e);
        }
    }

    /** Every way an answer so far departed from the contract. */
    List<String> violations() {
        return proxy.violations();
    }

    /** How many answers were checked against the contract. */
    int checked() {
        return proxy.checked();
    }

    @Override
    public void close() {
        proxy.close();
    }
}
