package com.execalc.api;

import com.execalc.access.CursorCodec;
import com.execalc.execution.DecisionModel;
import com.execalc.execution.DecisionModelParser;
import com.execalc.execution.Execution;
import com.execalc.execution.ExecutionBoundary;
import com.execalc.execution.Executions;
import com.execalc.execution.ReviewRequest;
import com.execalc.governance.Action;
import com.execalc.governance.RequestFacts;
import com.execalc.governance.ReviewFacts;
import com.execalc.ingress.Route;
import com.execalc.pipeline.Plan;
import com.execalc.pipeline.TenantRequest;
import com.execalc.pipeline.TenantRoute;
import com.execalc.tenancy.ExecutionId;
import com.execalc.tenancy.InvalidInputException;
import com.execalc.tenancy.NamespaceId;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The execution routes: run ({@code POST /namespaces/{ns}/executions}), list ({@code GET} of the same), read
 * ({@code GET /namespaces/{ns}/executions/{id}}) and review ({@code POST .../{id}/reviews}).
 */
final class ExecutionRoutes {

    private final Executions executions;
    private final DecisionModelParser parser;
    private final CursorCodec cursors;
    private final LambdaJson json;

    ExecutionRoutes(Executions executions, DecisionModelParser parser, CursorCodec cursors, LambdaJson json) {
        this.executions = executions;
        this.parser = parser;
        this.cursors = cursors;
        this.json = json;
    }

    Map<Route, TenantRoute<ApiRequest, ApiResponse>> routes() {
        return Map.of(
                Route.RUN_EXECUTION, TenantRoute.of(Action.EXECUTION_RUN, this::run),
                Route.GET_EXECUTION, TenantRoute.of(Action.EXECUTION_GET, this::get),
                Route.LIST_EXECUTIONS, TenantRoute.of(Action.EXECUTION_LIST, this::list),
                Route.REVIEW_EXECUTION, TenantRoute.of(Action.EXECUTION_REVIEW, this::review));
    }

    /** The model is read and checked for shape before the decision; the boundary checks it against the policy. */
    private Plan<ApiResponse> run(ApiRequest http, TenantRequest request) {
        NamespaceId namespace = PathIds.namespace(http, request.audit());
        ConditionalHeaders.refuseIfNoneMatch(http, "every run creates a new execution.");
        DecisionModel model = parser.parse(http.jsonBody());
        return Plan.of(RequestFacts.in(namespace), permit -> ApiResponse.of(201, view(executions.run(request.db(),
                request.audit(), permit, namespace, model, request.effective(), request.storedPolicy().version()))));
    }

    private Plan<ApiResponse> get(ApiRequest http, TenantRequest request) {
        NamespaceId namespace = PathIds.namespace(http, request.audit());
        ExecutionId id = PathIds.executionId(http, request.audit(), namespace);
        return Plan.of(RequestFacts.in(namespace),
                permit -> ApiResponse.of(200, view(executions.get(request.db(), namespace, id))));
    }

    private Plan<ApiResponse> list(ApiRequest http, TenantRequest request) {
        NamespaceId namespace = PathIds.namespace(http, request.audit());
        ExecutionBoundary.Status status = http.query("status").map(ExecutionRoutes::statusOf).orElse(null);
        int limit = Paging.limitOf(http);
        String listing = Executions.listingOf(namespace, status);
        String after = http.query("cursor").map(cursor -> decodeCursor(cursor, request, listing)).orElse(null);
        return Plan.of(RequestFacts.in(namespace), permit -> {
            Executions.Page page = executions.list(request.db(), namespace, status, limit, after);
            ObjectNode body = json.object();
            ArrayNode items = body.putArray("items");
            page.executions().forEach(execution -> items.add(view(execution)));
            body.put("nextCursor", page.lastSortKey() == null ? null
                    : cursors.encode(request.tenant().tenantId(), listing, page.lastSortKey()));
            return ApiResponse.of(200, body);
        });
    }

    /**
     * The execution is read before the decision: governance decides on its status, its runner and its reviewers (the
     * invariants of review). The audit event names it, and the status it is in until the review is written.
     */
    private Plan<ApiResponse> review(ApiRequest http, TenantRequest request) {
        NamespaceId namespace = PathIds.namespace(http, request.audit());
        ExecutionId id = PathIds.executionId(http, request.audit(), namespace);
        request.audit().detail("executionId", id.value());
        // read first: another tenant's execution is a 404 whatever the body says
        Execution current = executions.get(request.db(), namespace, id);
        request.audit().detail("executionStatus", current.status().name());
        ConditionalHeaders.refuseIfNoneMatch(http, "a review never creates an execution.");
        ReviewRequest review = ReviewRequest.parse(http.jsonBody());
        ReviewFacts facts = new ReviewFacts(current.status().name(),
                current.status() == ExecutionBoundary.Status.ESCALATE, current.evaluated().runBy(),
                current.reviews().stream().map(Execution.Review::reviewer).collect(Collectors.toSet()));
        return Plan.of(RequestFacts.in(namespace).withReview(facts), permit -> ApiResponse.of(200,
                view(executions.review(request.db(), request.audit(), permit, current, review.decision(),
                        review.reason(), request.effective(), request.storedPolicy().version()))));
    }

    private static ExecutionBoundary.Status statusOf(String value) {
        return Arrays.stream(ExecutionBoundary.Status.values()).filter(status -> status.name().equals(value))
                .findFirst().orElseThrow(() -> new InvalidInputException("status must be one of "
                        + Arrays.toString(ExecutionBoundary.Status.values()) + "."));
    }

    private String decodeCursor(String cursor, TenantRequest request, String listing) {
        String after = cursors.decode(cursor, request.tenant().tenantId(), listing);
        if (!Executions.isExecutionSortKey(after)) {
            throw new CursorCodec.InvalidCursorException();
        }
        return after;
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
        body.put("requiredApprovals", execution.evaluated().requiredApprovals());
        ArrayNode reviews = body.putArray("reviews");
        execution.reviews().forEach(review -> reviews.addObject()
                .put("reviewer", review.reviewer())
                .put("decision", review.decision().name())
                .put("reason", review.reason())
                .put("reviewedAt", review.reviewedAt().toString()));
        return body;
    }
}
