package com.execalc.infra;

import com.execalc.ingress.Route;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What the gateway takes from the API contract, {@code openapi.yaml} (whose operations the functions' tests hold equal
 * to {@link Route}): which operations require a JSON object body. API Gateway rejects a request to one of them whose
 * body is not a JSON object before any function runs; everything finer is the handlers' validation, in one place.
 */
public final class ApiContract {

    /** The contract, relative to the repository root. */
    public static final String OPENAPI = "openapi.yaml";

    private ApiContract() {
    }

    /** The routes whose operation declares a required {@code application/json} object body. */
    public static Set<Route> routesWithRequiredJsonObjectBody(Path openApi) {
        if (!Files.isRegularFile(openApi)) {
            throw new IllegalStateException("The API contract " + openApi + " does not exist.");
        }
        JsonNode contract;
        try {
            contract = new ObjectMapper(new YAMLFactory()).readTree(openApi.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the API contract " + openApi, e);
        }
        Set<Route> routes = EnumSet.noneOf(Route.class);
        for (Route route : Route.values()) {
            JsonNode body = contract.path("paths").path(route.resourcePath())
                    .path(route.method().toLowerCase(Locale.ROOT)).path("requestBody");
            JsonNode schema = resolve(contract, body.path("content").path("application/json").path("schema"));
            if (body.path("required").asBoolean(false) && "object".equals(schema.path("type").asText())) {
                routes.add(route);
            }
        }
        return routes;
    }

    /** Follows a local {@code $ref} such as {@code #/components/schemas/Policy}. */
    private static JsonNode resolve(JsonNode contract, JsonNode schema) {
        String ref = schema.path("$ref").asText("");
        return ref.startsWith("#/") ? contract.at(ref.substring(1)) : schema;
    }
}
