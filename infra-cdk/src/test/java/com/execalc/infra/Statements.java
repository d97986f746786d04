package com.execalc.infra;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The statements of IAM policy documents, with {@code Action} and {@code Resource} always as lists. */
record Statements(String policy, JsonNode statement) {

    static List<Statements> of(Map<String, JsonNode> documents) {
        List<Statements> all = new ArrayList<>();
        documents.forEach((id, document) -> {
            JsonNode statements = document.path("Statement");
            if (statements.isArray()) {
                statements.forEach(statement -> all.add(new Statements(id, statement)));
            } else if (!statements.isMissingNode()) {
                all.add(new Statements(id, statements));
            }
        });
        return all;
    }

    static List<Statements> of(JsonNode document) {
        return of(Map.of("document", document));
    }

    boolean allows() {
        return "Allow".equals(statement.path("Effect").asText());
    }

    List<String> actions() {
        return strings(statement.path("Action"));
    }

    List<JsonNode> resources() {
        List<JsonNode> resources = new ArrayList<>();
        JsonNode node = statement.path("Resource");
        if (node.isArray()) {
            node.forEach(resources::add);
        } else if (!node.isMissingNode()) {
            resources.add(node);
        }
        return resources;
    }

    String sid() {
        return statement.path("Sid").asText("");
    }

    /** Whether an action pattern of this statement covers {@code action}, wildcards included. */
    boolean covers(String action) {
        return actions().stream().anyMatch(pattern -> matches(pattern, action));
    }

    static boolean matches(String pattern, String action) {
        String regex = ("\\Q" + pattern.toLowerCase() + "\\E").replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q");
        return action.toLowerCase().matches(regex);
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(value -> values.add(value.asText()));
        } else if (!node.isMissingNode()) {
            values.add(node.asText());
        }
        return values;
    }

    @Override
    public String toString() {
        return policy + " " + statement;
    }
}
