package com.execalc.api;

import com.execalc.execution.DecisionModelParser;
import com.execalc.execution.Execution;
import com.execalc.execution.Executions;
import com.execalc.governance.RequestFacts;
import com.execalc.ingress.Route;
import com.execalc.tenancy.ExecutionId;
import com.execalc.tenancy.NamespaceId;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code POST /namespaces/{ns}/executions} and {@code GET /namespaces/{ns}/executions/{id}}. */
final class ExecutionRoutes {

    private final Executions executions;
    private final DecisionModelParser parser;
    private final LambdaJson json;

    ExecutionRoutes(Executions executions, DecisionModelParser parser, LambdaJson json) {
        this.executions = executions;
        this.parser = parser;
        this.json = json;
    }

    ApiResponse handle(Route route, TenantRequest request) {
        return switch (route) {
            case RUN_EXECUTION -> run(request);
            case GET_EXECUTION -> get(request);
            default -> throw new RouteNotFoundException();
        };
    }

    private ApiResponse run(TenantRequest request) {
        NamespaceId namespace = request.namespace();
        ConditionalHeaders.refuseIfNoneMatch(request.http(), "every run creates a new execution.");
        var model = parser.parse(request.http().jsonBody());
        request.decide(RequestFacts.in(namespace));
        Execution execution = executions.run(request.db(), request.audit(), namespace, model, request.effective());
        return ApiResponse.of(201, view(execution));
    }

    private ApiResponse get(TenantRequest request) {
        NamespaceId namespace = request.namespace();
        ExecutionId id = request.executionId(namespace);
        request.decide(RequestFacts.in(namespace));
        return ApiResponse.of(200, view(executions.get(request.db(), namespace, id)));
    }

    private ObjectNode view(Execution execution) {
        ObjectNode body = json.object()
                .put("executionId", execution.executionId().value())
                .put("namespace", execution.namespace().value())
                .put("objective", execution.objective())
                .put("riskPosture", execution.riskPosture().wireName())
                .put("status", execution.status().name());
        ArrayNode reasons = body.putArray("reasons");
        execution.reasons().forEach(reasons::add);
        if (execution.ranking() == null) {
            body.putNull("result");
        } else {
            ArrayNode ranking = body.putObject("result").putArray("ranking");
            execution.ranking().forEach(ranked -> ranking.addObject()
                    .put("option", ranked.option())
                    .put("score", ranked.score())
                    .put("feasible", ranked.feasible()));
        }
        body.put("createdAt", execution.createdAt().toString());
        return body;
    }
}
