package com.execalc.api;

import com.execalc.execution.DecisionModel;
import com.execalc.execution.DecisionModelParser;
import com.execalc.execution.Execution;
import com.execalc.execution.Executions;
import com.execalc.governance.Action;
import com.execalc.governance.RequestFacts;
import com.execalc.ingress.Route;
import com.execalc.pipeline.Plan;
import com.execalc.pipeline.TenantRequest;
import com.execalc.pipeline.TenantRoute;
import com.execalc.tenancy.ExecutionId;
import com.execalc.tenancy.NamespaceId;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

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

    Map<Route, TenantRoute<ApiRequest, ApiResponse>> routes() {
        return Map.of(
                Route.RUN_EXECUTION, TenantRoute.of(Action.EXECUTION_RUN, this::run),
                Route.GET_EXECUTION, TenantRoute.of(Action.EXECUTION_GET, this::get));
    }

    /** The model is read and checked for shape before the decision; the boundary checks it against the policy. */
    private Plan<ApiResponse> run(ApiRequest http, TenantRequest request) {
        NamespaceId namespace = PathIds.namespace(http, request.audit());
        ConditionalHeaders.refuseIfNoneMatch(http, "every run creates a new execution.");
        DecisionModel model = parser.parse(http.jsonBody());
        return Plan.of(RequestFacts.in(namespace), permit -> ApiResponse.of(201, view(executions.run(request.db(),
                request.audit(), permit, namespace, model, request.effective()))));
    }

    private Plan<ApiResponse> get(ApiRequest http, TenantRequest request) {
        NamespaceId namespace = PathIds.namespace(http, request.audit());
        ExecutionId id = PathIds.executionId(http, request.audit(), namespace);
        return Plan.of(RequestFacts.in(namespace),
                permit -> ApiResponse.of(200, view(executions.get(request.db(), namespace, id))));
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
