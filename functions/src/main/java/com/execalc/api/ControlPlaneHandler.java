package com.execalc.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.execalc.controlplane.ControlPlane;
import com.execalc.controlplane.OperatorContext;
import com.execalc.controlplane.TenantRecord;
import com.execalc.controlplane.TenantRegistry;
import com.execalc.ingress.Plane;
import com.execalc.ingress.Route;
import com.execalc.tenancy.InvalidInputException;
import com.execalc.tenancy.TenantId;
import com.execalc.tenancy.TenantStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.Set;

/** Lambda entry point of the control-plane routes: platform operators managing the tenant registry. */
public final class ControlPlaneHandler extends ProxyHandler {

    private final ControlPlane controlPlane;
    private final LambdaJson json;

    /** Used by Lambda: reads the configuration from the environment. */
    public ControlPlaneHandler() {
        this(Configuration.fromSystemEnvironment());
    }

    public ControlPlaneHandler(Configuration config) {
        this(new ControlPlane(new TenantRegistry(AwsClients.platformDynamoDb(config, AwsClients.httpClient()),
                config.registryTable()), Clock.systemUTC()), new LambdaJson());
    }

    public ControlPlaneHandler(ControlPlane controlPlane, LambdaJson json) {
        super(json);
        this.controlPlane = controlPlane;
        this.json = json;
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Context lambda) {
        Route route = request.route().filter(r -> r.plane() == Plane.CONTROL).orElseThrow(RouteNotFoundException::new);
        OperatorContext operator = OperatorContext.fromAuthorizerContext(request.authorizer(), request.requestId());
        switch (route) {
            case CREATE_TENANT -> {
                ObjectNode body = request.jsonBody();
                requireOnly(body, Set.of("tenantId", "displayName"));
                TenantRecord created = controlPlane.register(operator, TenantId.of(text(body, "tenantId")),
                        text(body, "displayName"));
                return ApiResponse.of(201, view(created));
            }
            case GET_TENANT -> {
                return ApiResponse.of(200, view(controlPlane.describe(operator, pathTenant(request))));
            }
            case UPDATE_TENANT -> {
                TenantId tenantId = pathTenant(request);
                ObjectNode body = request.jsonBody();
                requireOnly(body, Set.of("status"));
                return ApiResponse.of(200, view(controlPlane.changeStatus(operator, tenantId, status(body))));
            }
            default -> throw new RouteNotFoundException();
        }
    }

    private static TenantId pathTenant(ApiRequest request) {
        return TenantId.of(request.pathParameter("tenantId"));
    }

    private static TenantStatus status(ObjectNode body) {
        String value = text(body, "status");
        try {
            return TenantStatus.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("status must be ACTIVE or SUSPENDED.", e);
        }
    }

    private static String text(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual()) {
            throw new InvalidInputException("The body field '" + field + "' must be a string.");
        }
        return value.asText();
    }

    private static void requireOnly(ObjectNode body, Set<String> allowed) {
        body.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                throw new InvalidInputException("Unknown body field '" + name + "'; allowed: " + allowed + ".");
            }
        });
    }

    private ObjectNode view(TenantRecord tenant) {
        ObjectNode body = json.object();
        body.put("tenantId", tenant.tenantId().value());
        body.put("displayName", tenant.displayName());
        body.put("status", tenant.status().name());
        body.put("createdAt", tenant.createdAt().toString());
        body.put("updatedAt", tenant.updatedAt().toString());
        return body;
    }
}
