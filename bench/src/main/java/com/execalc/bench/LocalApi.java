package com.execalc.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The local gateway as a client sees it: tokens from the local issuer, tenants from the control plane, requests. A
 * blocking {@link HttpURLConnection} on the caller's thread, the same technology as the SDK's URL-connection client
 * that the direct baseline uses, so that neither side pays for thread hand-offs the other does not.
 */
final class LocalApi {

    record Response(int status, String body) {
    }

    private final URI base;
    private final ObjectMapper json = new ObjectMapper();

    LocalApi(URI base) {
        this.base = base;
    }

    String token(String tenant, String subject, String... roles) {
        Map<String, Object> claims = tenant == null
                ? Map.of("sub", subject, "roles", List.of(roles))
                : Map.of("tenant", tenant, "sub", subject, "roles", List.of(roles));
        Response minted = expect(200, send("POST", "/_local/token", null, write(claims)));
        return read(minted.body()).get("token").asText();
    }

    void registerTenant(String tenant) {
        String operator = token(null, "ops", "platform-admin");
        expect(201, send("POST", "/tenants", operator,
                write(Map.of("tenantId", tenant, "displayName", "Benchmark tenant " + tenant))));
    }

    Response send(String method, String path, String token, String body) {
        try {
            HttpURLConnection connection = (HttpURLConnection) base.resolve(path).toURL().openConnection();
            connection.setConnectTimeout(5_000);
            connection.setReadTimeout(30_000);
            connection.setRequestMethod(method);
            if (token != null) {
                connection.setRequestProperty("Authorization", "Bearer " + token);
            }
            if (body != null) {
                connection.setRequestProperty("Content-Type", "application/json");
                connection.setDoOutput(true);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body.getBytes(StandardCharsets.UTF_8));
                }
            }
            int status = connection.getResponseCode();
            try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                return new Response(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Response expect(int status, Response response) {
        if (response.status() != status) {
            throw new IllegalStateException("Expected " + status + " but got " + response.status() + ": "
                    + response.body());
        }
        return response;
    }

    String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
