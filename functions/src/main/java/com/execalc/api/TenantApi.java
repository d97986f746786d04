package com.execalc.api;

import com.execalc.ingress.Route;
import com.execalc.tenancy.ExecutionContext;
import com.execalc.tenancy.TenantContext;
import com.execalc.tenancy.TenantRole;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;

/** Maps each tenant route to its capability and the capability's result to a response. */
public final class TenantApi {

    private final LambdaJson json;

    public TenantApi(LambdaJson json) {
        this.json = json;
    }

    /** Wires the capabilities of a deployed or local function. */
    public static TenantApi create(Configuration config, LambdaJson json, Clock clock) {
        return new TenantApi(json);
    }

    public ApiResponse handle(Route route, ApiRequest request, ExecutionContext context) {
        if (route == Route.WHO_AM_I) {
            return ApiResponse.of(200, whoAmI(context.tenant()));
        }
        throw new RouteNotFoundException();
    }

    private ObjectNode whoAmI(TenantContext tenant) {
        ObjectNode body = json.object();
        body.put("tenantId", tenant.tenantId().value());
        body.put("subject", tenant.subject());
        body.putArray("roles").addAll(tenant.roles().stream().map(TenantRole::wireName)
                .map(body::textNode).toList());
        body.put("requestId", tenant.requestId());
        return body;
    }
}
