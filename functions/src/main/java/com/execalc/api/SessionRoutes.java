package com.execalc.api;

import com.execalc.governance.Action;
import com.execalc.governance.RequestFacts;
import com.execalc.ingress.Route;
import com.execalc.pipeline.Plan;
import com.execalc.pipeline.TenantRequest;
import com.execalc.pipeline.TenantRoute;
import com.execalc.tenancy.TenantContext;
import com.execalc.tenancy.TenantRole;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/** {@code GET /me}: the caller's session as resolved at ingress. */
final class SessionRoutes {

    private final LambdaJson json;

    SessionRoutes(LambdaJson json) {
        this.json = json;
    }

    Map<Route, TenantRoute<ApiRequest, ApiResponse>> routes() {
        return Map.of(Route.WHO_AM_I, TenantRoute.of(Action.SESSION_DESCRIBE, this::whoAmI));
    }

    private Plan<ApiResponse> whoAmI(ApiRequest http, TenantRequest request) {
        return Plan.of(RequestFacts.none(), permit -> ApiResponse.of(200, view(request.tenant())));
    }

    private ObjectNode view(TenantContext tenant) {
        ObjectNode body = json.object();
        body.put("tenantId", tenant.tenantId().value());
        body.put("subject", tenant.subject());
        body.putArray("roles").addAll(tenant.roles().stream().map(TenantRole::wireName)
                .map(body::textNode).toList());
        body.put("requestId", tenant.requestId());
        return body;
    }
}
