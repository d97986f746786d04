package com.execalc.api;

import com.execalc.access.CursorCodec;
import com.execalc.export.TenantExport;
import com.execalc.governance.Action;
import com.execalc.governance.RequestFacts;
import com.execalc.ingress.Route;
import com.execalc.pipeline.Plan;
import com.execalc.pipeline.TenantRequest;
import com.execalc.pipeline.TenantRoute;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * {@code GET /export}: everything the tenant owns, in pages, each item in the shape of the route that reads it (the
 * same writers), with a {@code type}. Its cursors are sealed and bound to the tenant and this listing.
 */
final class ExportRoutes {

    /** The listing that export cursors are bound to. */
    static final String LISTING = "export";
    /** An export page holds up to 100 items, 100 by default. */
    static final int DEFAULT_LIMIT = 100;

    private final TenantExport export;
    private final CursorCodec cursors;
    private final LambdaJson json;
    private final DataRoutes data;
    private final ExecutionRoutes executions;
    private final GovernanceRoutes governance;

    ExportRoutes(TenantExport export, CursorCodec cursors, LambdaJson json, DataRoutes data,
                 ExecutionRoutes executions, GovernanceRoutes governance) {
        this.export = export;
        this.cursors = cursors;
        this.json = json;
        this.data = data;
        this.executions = executions;
        this.governance = governance;
    }

    Map<Route, TenantRoute<ApiRequest, ApiResponse>> routes() {
        return Map.of(Route.EXPORT, TenantRoute.of(Action.TENANT_EXPORT, this::export));
    }

    private Plan<ApiResponse> export(ApiRequest http, TenantRequest request) {
        int limit = http.query("limit").isPresent() ? Paging.limitOf(http) : DEFAULT_LIMIT;
        TenantExport.Position from = http.query("cursor")
                .map(cursor -> TenantExport.Position.parse(cursors.decode(cursor, request.tenant().tenantId(),
                        LISTING)))
                .orElse(TenantExport.Position.start());
        return Plan.of(RequestFacts.none(), permit -> {
            TenantExport.Page page = export.page(request.db(), from, limit);
            ObjectNode body = json.object();
            ArrayNode items = body.putArray("items");
            for (TenantExport.Item item : page.items()) {
                items.add(view(item, request));
            }
            body.put("nextCursor", page.next() == null ? null
                    : cursors.encode(request.tenant().tenantId(), LISTING, page.next().wireForm()));
            return ApiResponse.of(200, body);
        });
    }

    private ObjectNode view(TenantExport.Item item, TenantRequest request) {
        ObjectNode typed = json.object();
        if (item instanceof TenantExport.Item.Record record) {
            typed.put("type", "record").setAll(data.view(record.record()));
        } else if (item instanceof TenantExport.Item.ExecutionItem execution) {
            typed.put("type", "execution").setAll(executions.view(execution.execution()));
        } else if (item instanceof TenantExport.Item.Namespace namespace) {
            typed.put("type", "namespace").setAll(data.view(namespace.namespace()));
        } else {
            typed.put("type", "policy").setAll(governance.view(request.storedPolicy().policy(), request.effective(),
                    request.storedPolicy().version()));
        }
        return typed;
    }
}
