package com.execalc.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.execalc.audit.CloudWatchTenantLogGroups;
import com.execalc.audit.EventIds;
import com.execalc.audit.TenantLogGroups;
import com.execalc.controlplane.ApiGatewayAuthorizerCache;
import com.execalc.controlplane.ApiGatewayUsageKeys;
import com.execalc.controlplane.AuthorizerCache;
import com.execalc.controlplane.ControlPlane;
import com.execalc.controlplane.NotPlatformOperatorException;
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
import com.execalc.tenancy.MissingTenantContextException;
import com.execalc.tenancy.TenantContext;
import com.execalc.tenancy.TenantId;
import com.execalc.tenancy.TenantStatus;
import com.execalc.wiring.AwsClients;
import com.execalc.wiring.Configuration;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/** Lambda entry point of the control-plane routes: platform operators managing the tenant registry. */
public final class ControlPlaneHandler extends ProxyHandler {

    /** The function's name in metrics and logs. */
    public static final String FUNCTION = "control-plane";

    private static final String REGISTER = "tenant.register";
    /** The action of a change request whose body does not say which change it is. */
    private static final String UPDATE = "tenant.update";

    private final ControlPlane controlPlane;
    private final LambdaJson json;

    /** Used by Lambda: reads the configuration from the environment. */
    public ControlPlaneHandler() {
        this(Configuration.fromSystemEnvironment());
    }

    public ControlPlaneHandler(Configuration config) {
        this(AwsClients.of(config));
    }

    // the function's wiring: one set of clients over one HTTP client, one API Gateway client for the usage keys and
    // the authorizer cache
    private ControlPlaneHandler(AwsClients clients) {
        this(clients, clients.apiGateway());
    }

    private ControlPlaneHandler(AwsClients clients, ApiGatewayClient apiGateway) {
        this(clients, LogSink.stdout(), new CloudWatchTenantLogGroups(clients.logs(),
                        clients.configuration().tenantLogGroupPrefix()),
                new ApiGatewayUsageKeys(apiGateway, clients.configuration().usagePlans()),
                new ApiGatewayAuthorizerCache(apiGateway, clients.configuration().restApiId(),
                        clients.configuration().apiStage()));
    }

    /**
     * A control plane whose log lines, tenant log groups, usage keys and authorizer cache are where the caller says:
     * the local stack, tests.
     */
    public ControlPlaneHandler(Configuration config, LogSink logs, TenantLogGroups logGroups, UsageKeys usageKeys,
                               AuthorizerCache authorizerCache) {
        this(AwsClients.of(config), logs, logGroups, usageKeys, authorizerCache);
    }

    private ControlPlaneHandler(AwsClients clients, LogSink logs, TenantLogGroups logGroups, UsageKeys usageKeys,
                                AuthorizerCache authorizerCache) {
        this(clients, new Telemetry(logs, FUNCTION), logGroups, usageKeys, authorizerCache);
    }

    private ControlPlaneHandler(AwsClients clients, Telemetry telemetry, TenantLogGroups logGroups,
                                UsageKeys usageKeys, AuthorizerCache authorizerCache) {
        this(controlPlane(clients, telemetry, logGroups, usageKeys, authorizerCache), new LambdaJson(), telemetry,
                Clock.systemUTC());
    }

    public ControlPlaneHandler(ControlPlane controlPlane, LambdaJson json, Telemetry telemetry, Clock clock) {
        super(json, telemetry, clock);
        this.controlPlane = controlPlane;
        this.json = json;
    }

    private static ControlPlane controlPlane(AwsClients clients, Telemetry telemetry, TenantLogGroups logGroups,
                                             UsageKeys usageKeys, AuthorizerCache authorizerCache) {
        return new ControlPlane(new TenantRegistry(clients.platformDynamoDb(),
                clients.configuration().registryTable()),
                logGroups, usageKeys, authorizerCache, clients.tenantAccess(), new EventIds(),
                Clock.systemUTC(),
                Duration.ofDays(GlobalInvariants.v1().settings().auditRetentionDays()), telemetry::auditEvent);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Context lambda, RequestOutcome outcome) {
        Route route = request.route().filter(r -> r.plane() == Plane.CONTROL).orElseThrow(RouteNotFoundException::new);
        OperatorContext operator;
        try {
            operator = OperatorContext.fromAuthorizerContext(request.authorizer(), request.requestId());
        } catch (NotPlatformOperatorException refused) {
            refuseMember(request, route, outcome);
            throw refused;
        }
        outcome.decision("ALLOW");
        switch (route) {
            case CREATE_TENANT -> {
                ObjectNode body = request.jsonBody(); // unreadable: no tenant is named, so none to audit in
                TenantId tenantId = TenantId.of(text(body, "tenantId"));
                outcome.tenantId(tenantId.value());
                Registration registration = validated(operator, tenantId, REGISTER, outcome, () -> {
                    requireOnly(body, Set.of("tenantId", "displayName", "tier"));
                    Tier tier = body.has("tier") ? Tier.fromWireName(text(body, "tier")).orElseThrow(
                            () -> new InvalidInputException("tier must be standard or premium.")) : Tier.STANDARD;
                    return new Registration(TenantRecord.requireDisplayName(text(body, "displayName")), tier);
                });
                return ApiResponse.of(201, view(controlPlane.register(operator, tenantId, registration.displayName(),
                        registration.tier())));
            }
            case GET_TENANT -> {
                TenantId tenantId = pathTenant(request);
                outcome.tenantId(tenantId.value());
                return ApiResponse.of(200, view(controlPlane.describe(operator, tenantId)));
            }
            case UPDATE_TENANT -> {
                TenantId tenantId = pathTenant(request);
                outcome.tenantId(tenantId.value());
                Change change = validated(operator, tenantId, changeAction(request), outcome, () -> {
                    ObjectNode body = request.jsonBody();
                    requireOnly(body, Set.of("status", "auditShards"));
                    if (body.size() != 1) {
                        // one change, one audit event: a status change and a shard change are separate requests
                        throw new InvalidInputException(
                                "The body must hold exactly one of 'status' and 'auditShards'.");
                    }
                    return body.has("status") ? new Change(status(body), null) : new Change(null, auditShards(body));
                });
                return ApiResponse.of(200, view(change.status() != null
                        ? controlPlane.changeStatus(operator, tenantId, change.status())
                        : controlPlane.changeAuditShards(operator, tenantId, change.auditShards())));
            }
            default -> throw new RouteNotFoundException();
        }
    }

    private record Registration(String displayName, Tier tier) {
    }

    /** One change of a tenant: its status or its audit shard count. */
    private record Change(TenantStatus status, AuditShards auditShards) {
    }

    /**
     * The request's input, read by {@code read}; when it is invalid, the refusal is audited in the named tenant (if it
     * is registered) before it is answered.
     */
    private <T> T validated(OperatorContext operator, TenantId tenantId, String action, RequestOutcome outcome,
                            Supplier<T> read) {
        try {
            return read.get();
        } catch (InvalidInputException invalid) {
            outcome.decision("DENY");
            controlPlane.refuseInvalid(operator, tenantId, action);
            throw invalid;
        }
    }

    /** The action a change request names, as far as its body can be read: the one it would be audited under. */
    private static String changeAction(ApiRequest request) {
        try {
            ObjectNode body = request.jsonBody();
            if (body.size() == 1 && body.has("status")) {
                return "tenant.status";
            }
            return body.size() == 1 && body.has("auditShards") ? "tenant.audit.shards" : UPDATE;
        } catch (InvalidInputException unreadable) {
            return UPDATE;
        }
    }

    /**
     * A tenant member reached the control plane (a member's Allow covers it, so that this refusal is audited rather
     * than left to the gateway): the refusal goes into the member's own tenant, never into the one the path names.
     */
    private void refuseMember(ApiRequest request, Route route, RequestOutcome outcome) {
        TenantContext member;
        try {
            member = TenantContext.fromAuthorizerContext(request.authorizer(), request.requestId());
        } catch (MissingTenantContextException notAMember) {
            return; // no tenant to record it in: neither an operator nor a member with a readable context
        }
        outcome.decision("DENY");
        outcome.tenantId(member.tenantId().value());
        String named = route == Route.CREATE_TENANT ? null : request.pathParameterOrNull("tenantId");
        controlPlane.refuseMember(member, switch (route) {
            case CREATE_TENANT -> REGISTER;
            case GET_TENANT -> "tenant.describe";
            default -> UPDATE;
        }, named != null && TenantId.isValid(named) ? named : "");
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
