package com.execalc.api;

import com.execalc.ingress.Route;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** openapi.yaml documents exactly the routes the functions serve. */
class OpenApiContractTest {

    @Test
    void theDocumentedOperations_shouldBeExactlyTheRoutes() throws Exception {
        JsonNode paths = new ObjectMapper(new YAMLFactory()).readTree(Path.of("..", "openapi.yaml").toFile()).get("paths");
        Set<String> documented = new HashSet<>();
        paths.fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (!method.equals("parameters")) {
                documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));

        Set<String> routes = Arrays.stream(Route.values())
                .map(route -> route.method() + " " + route.resourcePath())
                .collect(Collectors.toSet());

        assertThat(documented).containsExactlyInAnyOrderElementsOf(routes);
    }
}
