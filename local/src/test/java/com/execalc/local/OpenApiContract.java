package com.execalc.local;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.interaction.ApiOperationResolver;
import com.atlassian.oai.validator.model.ApiOperationMatch;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.util.OpenApiLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.parser.core.models.ParseOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.LongAdder;

/**
 * Checks responses against {@code openapi.yaml}, as a client generated from it would expect them: the status is listed
 * for the operation (a status that only {@code default} covers fails), the body matches the schema of that status, and
 * the headers the contract requires (such as {@code X-Request-Id} and {@code ETag}) are present and well formed. A
 * request that is no operation must get the gateway's 404 NOT_FOUND in the error shape.
 * Bodies and headers are checked by {@code swagger-request-validator}; every finding it reports at ERROR or WARN level
 * fails. Keeps a tally of what it validated, per operation and status, for {@link #coverage}.
 */
public final class OpenApiContract {

    /** One response as a client received it. */
    public record Exchange(String method, String path, int status, Map<String, List<String>> headers, String body) {
        public Exchange {
            method = method.toUpperCase(Locale.ROOT);
            int query = path.indexOf('?');
            path = query < 0 ? path : path.substring(0, query);
            headers = Map.copyOf(headers);
        }

        @Override
        public String toString() {
            return method + " " + path + " -> " + status;
        }
    }

    private final OpenAPI api;
    private final OpenApiInteractionValidator validator;
    private final ApiOperationResolver operations;
    private final Set<String> operationIds;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, LongAdder> validated = new ConcurrentHashMap<>();
    private final LongAdder unrouted = new LongAdder();
    private final Map<String, Set<Integer>> statuses = new ConcurrentHashMap<>();

    private OpenApiContract(OpenAPI api) {
        this.api = api;
        this.validator = OpenApiInteractionValidator.createFor(api).withBasePathOverride("/").build();
        this.operations = new ApiOperationResolver(api, "/", false);
        Set<String> ids = new TreeSet<>();
        api.getPaths().values().forEach(path -> path.readOperations().forEach(operation ->
                ids.add(operation.getOperationId())));
        this.operationIds = Set.copyOf(ids);
    }

    /** The repository's {@code openapi.yaml}. */
    public static OpenApiContract ofRepository() {
        return of(RepositoryRoot.find().resolve("openapi.yaml"));
    }

    /** The contract in {@code document}, e.g. a drifted copy in a test. */
    public static OpenApiContract of(Path document) {
        try {
            return ofText(Files.readString(document));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the API contract " + document, e);
        }
    }

    /** The contract in {@code yaml}. */
    public static OpenApiContract ofText(String yaml) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true);
        options.setResolveCombinators(false);
        return new OpenApiContract(new OpenApiLoader().loadApi(OpenApiInteractionValidator.SpecSource.inline(yaml),
                List.of(), options));
    }

    /**
     * Every way {@code exchange} departs from the contract; empty when it conforms. Each validated exchange counts
     * towards {@link #coverage}, conforming or not.
     */
    public List<String> violations(Exchange exchange) {
        Request.Method method;
        try {
            method = Request.Method.valueOf(exchange.method());
        } catch (IllegalArgumentException unknownMethod) {
            return List.of(exchange + ": the contract has no method " + exchange.method());
        }
        ApiOperationMatch match = operations.findApiOperation(exchange.path(), method);
        if (!match.isPathFound() || !match.isOperationAllowed()) {
            return unrouted(exchange);
        }
        Operation operation = match.getApiOperation().getOperation();
        String operationId = operation.getOperationId();
        validated.computeIfAbsent(operationId, id -> new LongAdder()).increment();
        statuses.computeIfAbsent(operationId, id -> new ConcurrentSkipListSet<>()).add(exchange.status());

        List<String> violations = new ArrayList<>();
        if (!operation.getResponses().containsKey(Integer.toString(exchange.status()))) {
            violations.add(exchange + ": " + operationId + " does not list status " + exchange.status()
                    + (operation.getResponses().containsKey("default") ? " (only default covers it)" : ""));
        }
        SimpleResponse.Builder response = SimpleResponse.Builder.status(exchange.status());
        exchange.headers().forEach(response::withHeader);
        if (exchange.body() != null && !exchange.body().isEmpty()) {
            response.withBody(exchange.body());
        }
        ValidationReport report = validator.validateResponse(exchange.path(), method, response.build());
        report.getMessages().stream()
                .filter(message -> message.getLevel() == ValidationReport.Level.ERROR
                        || message.getLevel() == ValidationReport.Level.WARN)
                .forEach(message -> violations.add(exchange + ": " + message.getKey() + ": " + message.getMessage()));
        return violations;
    }

    /**
     * A request that is no operation of the contract gets the gateway's answer to an unknown route, which the contract's
     * description promises: 404 NOT_FOUND in the error shape, with {@code X-Request-Id}.
     */
    private List<String> unrouted(Exchange exchange) {
        unrouted.increment();
        List<String> violations = new ArrayList<>();
        if (exchange.status() != 404) {
            violations.add(exchange + ": the contract has no such operation, and the answer is not a 404");
        }
        if (exchange.headers().keySet().stream().noneMatch(name -> name.equalsIgnoreCase("X-Request-Id"))) {
            violations.add(exchange + ": no X-Request-Id");
        }
        JsonNode body;
        try {
            body = JSON.readTree(exchange.body() == null ? "" : exchange.body());
        } catch (IOException notJson) {
            body = MissingNode.getInstance();
        }
        JsonNode error = body.path("error");
        if (body.size() != 1 || error.size() != 3 || !"NOT_FOUND".equals(error.path("code").asText())
                || !error.path("message").isTextual() || !error.path("requestId").isTextual()) {
            violations.add(exchange + ": the answer to an unknown route is not {\"error\":{\"code\":\"NOT_FOUND\","
                    + "\"message\",\"requestId\"}}");
        }
        return violations;
    }

    /** @throws AssertionError naming every violation, with the body, when {@code exchange} departs from the contract */
    public void check(Exchange exchange) {
        List<String> violations = violations(exchange);
        if (!violations.isEmpty()) {
            throw new AssertionError("The response departs from openapi.yaml:\n  " + String.join("\n  ", violations)
                    + "\n  body: " + exchange.body());
        }
    }

    /** What was validated so far: responses per operation, the statuses seen, and the operations never seen. */
    public String coverage() {
        SortedMap<String, String> seen = new TreeMap<>();
        long total = 0;
        for (String id : operationIds) {
            LongAdder count = validated.get(id);
            if (count != null) {
                total += count.sum();
                seen.put(id, count.sum() + " responses, statuses " + new TreeSet<>(statuses.get(id)));
            }
        }
        StringBuilder text = new StringBuilder()
                .append("openapi.yaml ").append(api.getInfo().getVersion()).append(": ")
                .append(total + unrouted.sum()).append(" responses validated, ")
                .append(seen.size()).append(" of ").append(operationIds.size()).append(" operations covered\n");
        seen.forEach((id, line) -> text.append("  ").append(id).append(": ").append(line).append('\n'));
        operationIds.stream().filter(id -> !seen.containsKey(id))
                .forEach(id -> text.append("  ").append(id).append(": not covered\n"));
        text.append("  and ").append(unrouted.sum()).append(" answers to requests that are no operation (404)\n");
        return text.toString();
    }

    /** How many responses were validated so far. */
    public long responsesValidated() {
        return validated.values().stream().mapToLong(LongAdder::sum).sum() + unrouted.sum();
    }

    /** The operation ids the contract declares. */
    public Set<String> operationIds() {
        return operationIds;
    }
}
