package com.execalc.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.execalc.audit.CloudWatchTenantLogGroups;
import com.execalc.audit.EventIds;
import com.execalc.audit.TenantLogGroups;
import com.execalc.controlplane.ApiGatewayAuthorizerCache;
import com.execalc.controlplane.ApiGatewayUsageKeys;
import com.execalc.controlplane.AuthorizerCache;
import com.execalc.controlplane.ControlPlane;
import com.execalc.controlplane.OperatorContext;
import com.execalc.controlplane.TenantRecord;
import com.execalc.controlplane.TenantRegistry;
import com.execalc.controlplane.Tier;
import com.execalc.controlplane.UsageKeys;
import com.execalc.governance.GlobalInvariants;
import com.execalc.ingress.Plane;
import com.execalc.ingress.Route;
import com.execalc.observability.LogSink;
import com.execalc.observability.RequestOutcome;
import com.execalc.observability.Telemetry;
import com.execalc.tenancy.AuditShards;
import com.execalc.tenancy.InvalidInputException;
import com.execalc.tenancy.TenantId;
import com.execalc.tenancy.TenantStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.http.SdkHttpClient;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/** Lambda entry point of the control-plane routes: platform operators managing the tenant registry. */
public final class ControlPlaneHandler extends ProxyHandler {

    /** The function's name in metrics and logs. */
    public static final String FUNCTION = "control-plane";

    private final ControlPlane controlPlane;
    private final LambdaJson json;

    /** Used by Lambda: reads the configuration from the environment. */
    public ControlPlaneHandler() {
        this(Configuration.fromSystemEnvironment());
    }

    public ControlPlaneHandler(Configuration config) {
        this(config, LogSink.stdout(), new CloudWatchTenantLogGroups(
                AwsClients.logs(config, AwsClients.httpClient()), config.tenantLogGroupPrefix()),
                new ApiGatewayUsageKeys(AwsClients.apiGateway(config, AwsClients.httpClient()), config.usagePlans()),
                new ApiGatewayAuthorizerCache(AwsClients.apiGateway(config, AwsClients.httpClient()),
                        config.restApiId(), config.apiStage()));
    }

    /**
     * A control plane whose log lines, tenant log groups, usage keys and authorizer cache are where the caller says:
     * the local stack, tests.
     */
    public ControlPlaneHandler(Configuration config, LogSink logs, TenantLogGroups logGroups, UsageKeys usageKeys,
                               AuthorizerCache authorizerCache) {
        this(config, new Telemetry(logs, FUNCTION), logGroups, usageKeys, authorizerCache);
    }

    private ControlPlaneHandler(Configuration config, Telemetry telemetry, TenantLogGroups logGroups,
                                UsageKeys usageKeys, AuthorizerCache authorizerCache) {
        this(controlPlane(config, telemetry, logGroups, usageKeys, authorizerCache), new LambdaJson(), telemetry,
                Clock.systemUTC());
    }

    public ControlPlaneHandler(ControlPlane controlPlane, LambdaJson json, Telemetry telemetry, Clock clock) {
        super(json, telemetry, clock);
        this.controlPlane = controlPlane;
        this.json = json;
    }

    private static ControlPlane controlPlane(Configuration config, Telemetry telemetry, TenantLogGroups logGroups,
                                             UsageKeys usageKeys, AuthorizerCache authorizerCache) {
        SdkHttpClient http = AwsClients.httpClient();
        return new ControlPlane(new TenantRegistry(AwsClients.platformDynamoDb(config, http), config.registryTable()),
                logGroups, usageKeys, authorizerCache, AwsClients.tenantAccess(config, http), new EventIds(),
                Clock.systemUTC(),
                Duration.ofDays(GlobalInvariants.v1().settings().auditRetentionDays()), telemetry::auditEvent);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Context lambda, RequestOutcome outcome) {
        Route route = request.route().filter(r -> r.plane() == Plane.CONTROL).orElseThrow(RouteNotFoundException::new);
        OperatorContext operator = OperatorContext.fromAuthorizerContext(request.authorizer(), request.requestId());
        outcome.decision("ALLOW");
        switch (route) {
            case CREATE_TENANT -> {
                ObjectNode body = request.jsonBody();
                requireOnly(body, Set.of("tenantId", "displayName", "tier"));
                TenantId tenantId = TenantId.of(text(body, "tenantId"));
                outcome.tenantId(tenantId.value());
                Tier tier = body.has("tier") ? Tier.fromWireName(text(body, "tier")).orElseThrow(
                        () -> new InvalidInputException("tier must be standard or premium.")) : Tier.STANDARD;
                return ApiResponse.of(201, view(controlPlane.register(operator, tenantId, text(body, "displayName"),
                        tier)));
            }
            case GET_TENANT -> {
                TenantId tenantId = pathTenant(request);
                outcome.tenantId(tenantId.value());
                return ApiResponse.of(200, view(controlPlane.describe(operator, tenantId)));
            }
            case UPDATE_TENANT -> {
                TenantId tenantId = pathTenant(request);
                outcome.tenantId(tenantId.value());
                ObjectNode body = request.jsonBody();
                requireOnly(body, Set.of("status", "auditShards"));
                if (body.size() != 1) {
                    // one change, one audit event: a status change and a shard change are separate requests
                    throw new InvalidInputException("The body must hold exactly one of 'status' and 'auditShards'.");
                }
                return ApiResponse.of(200, view(body.has("status")
                        ? controlPlane.changeStatus(operator, tenantId, status(body))
                        : controlPlane.changeAuditShards(operator, tenantId, auditShards(body))));
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

    private static AuditShards auditShards(ObjectNode body) {
        JsonNode value = body.get("auditShards");
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()
                || value.intValue() < AuditShards.MIN || value.intValue() > AuditShards.MAX) {
            throw new InvalidInputException("auditShards must be a whole number from " + AuditShards.MIN + " to "
                    + AuditShards.MAX + ".");
        }
        return AuditShards.of(value.intValue());
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
                throw new InvalidInputException("Unknown body field '"
                        + (name.length() > 40 ? name.substring(0, 40) + "..." : name) + "'; allowed: " + allowed + ".");
            }
        });
    }

    private ObjectNode view(TenantRecord tenant) {
        ObjectNode body = json.object();
        body.put("tenantId", tenant.tenantId().value());
        body.put("displayName", tenant.displayName());
        body.put("status", tenant.status().name());
        body.put("tier", tenant.tier().wireName());
        body.put("auditShards", tenant.auditShards().count());
        body.put("createdAt", tenant.createdAt().toString());
        body.put("updatedAt", tenant.updatedAt().toString());
        return body;
    }
}
