package com.execalc.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.execalc.audit.CloudWatchTenantLogGroups;
import com.execalc.audit.EventIds;
import com.execalc.audit.TenantLogGroups;
import com.execalc.controlplane.ApiGatewayAuthorizerCache;
import com.execalc.controlplane.ApiGatewayUsageKeys;
import com.execalc.controlplane.AuthorizerCache;
import com.execalc.controlplane.ControlPlane;
import com.execalc.controlplane.LambdaPurgeContinuation;
import com.execalc.controlplane.NotPlatformOperatorException;
import com.execalc.controlplane.OperatorContext;
import com.execalc.controlplane.PurgeContinuation;
import com.execalc.controlplane.TenantRecord;
import com.execalc.controlplane.TenantPurge;
import com.execalc.controlplane.TenantRegistry;
import com.execalc.controlplane.TenantUsage;
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
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
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
    private final Clock clock;
    private final Telemetry telemetry;

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
                        clients.configuration().apiStage()),
                new LambdaPurgeContinuation(clients::lambda, clients.configuration()::functionName));
    }

    /**
     * A control plane whose log lines, tenant log groups, usage keys and authorizer cache are where the caller says,
     * and whose purges continue only when an operator repeats them: tests.
     */
    public ControlPlaneHandler(Configuration config, LogSink logs, TenantLogGroups logGroups, UsageKeys usageKeys,
                               AuthorizerCache authorizerCache) {
        this(config, logs, logGroups, usageKeys, authorizerCache, PurgeContinuation.none());
    }

    /** As above, with the purges continued by {@code continuation}: the local stack. */
    public ControlPlaneHandler(Configuration config, LogSink logs, TenantLogGroups logGroups, UsageKeys usageKeys,
                               AuthorizerCache authorizerCache, PurgeContinuation continuation) {
        this(AwsClients.of(config), logs, logGroups, usageKeys, authorizerCache, continuation);
    }

    private ControlPlaneHandler(AwsClients clients, LogSink logs, TenantLogGroups logGroups, UsageKeys usageKeys,
                                AuthorizerCache authorizerCache, PurgeContinuation continuation) {
        this(clients, new Telemetry(logs, FUNCTION), logGroups, usageKeys, authorizerCache, continuation);
    }

    private ControlPlaneHandler(AwsClients clients, Telemetry telemetry, TenantLogGroups logGroups,
                                UsageKeys usageKeys, AuthorizerCache authorizerCache,
                                PurgeContinuation continuation) {
        this(controlPlane(clients, telemetry, logGroups, usageKeys, authorizerCache, continuation), new LambdaJson(),
                telemetry, Clock.systemUTC());
    }

    public ControlPlaneHandler(ControlPlane controlPlane, LambdaJson json, Telemetry telemetry, Clock clock) {
        super(json, telemetry, clock);
        this.controlPlane = controlPlane;
        this.json = json;
        this.clock = clock;
        this.telemetry = telemetry;
    }

    private static ControlPlane controlPlane(AwsClients clients, Telemetry telemetry, TenantLogGroups logGroups,
                                             UsageKeys usageKeys, AuthorizerCache authorizerCache,
                                             PurgeContinuation continuation) {
        return new ControlPlane(new TenantRegistry(clients.platformDynamoDb(),
                clients.configuration().registryTable()),
                logGroups, usageKeys, authorizerCache, clients.tenantAccess(), new EventIds(),
                Clock.systemUTC(),
                Duration.ofDays(GlobalInvariants.v1().settings().auditRetentionDays()), telemetry::auditEvent,
                new ControlPlane.Lifecycle(clients.tenantPurgeAccess(), clients.configuration().offboardingGrace(),
                        new TenantPurge(TenantPurge.DEFAULT_ROUND_ITEMS), continuation));
    }

    @Override
    protected boolean isDirectInvocation(ObjectNode event) {
        return event.size() == 1 && event.has(LambdaPurgeContinuation.EVENT_KEY);
    }

    /**
     * The next round of a purge, from the function's own asynchronous call: it continues a PURGING tenant's purge and
     * nothing else. A failure is thrown, so that Lambda retries the round.
     */
    @Override
    protected ObjectNode handleDirect(ObjectNode event, Context lambda) {
        JsonNode round = event.get(LambdaPurgeContinuation.EVENT_KEY);
        TenantId tenantId = TenantId.of(round.path("tenantId").asText(""));
        OperatorContext operator = new OperatorContext(round.path("operator").asText("unknown"),
                lambda.getAwsRequestId());
        long started = System.nanoTime();
        RequestOutcome outcome = new RequestOutcome();
        outcome.route("PURGE_CONTINUATION");
        outcome.tenantId(tenantId.value());
        Optional<ControlPlane.PurgeResult> result = controlPlane.continuePurge(operator, tenantId);
        outcome.decision(result.isPresent() ? "ALLOW" : "NONE");
        telemetry.request(outcome, lambda.getAwsRequestId(), result.isPresent() ? 200 : 204,
                Duration.ofNanos(System.nanoTime() - started).toMillis(), clock.instant());
        ObjectNode answer = json.object().put("tenantId", tenantId.value());
        result.ifPresentOrElse(done -> answer.put("status", done.tenant().status().name()),
                () -> answer.putNull("status"));
        return answer;
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
                    requireOnly(body, Set.of("status", "auditShards", "tier"));
                    if (body.size() != 1) {
                        // one change, one audit event: each kind of change is a request of its own
                        throw new InvalidInputException(
                                "The body must hold exactly one of 'status', 'auditShards' and 'tier'.");
                    }
                    if (body.has("tier")) {
                        return new Change(null, null, tier(body));
                    }
                    return body.has("status") ? new Change(status(body), null, null)
                            : new Change(null, auditShards(body), null);
                });
                if (change.tier() != null) {
                    return ApiResponse.of(200, view(controlPlane.changeTier(operator, tenantId, change.tier())));
                }
                return ApiResponse.of(200, view(change.status() != null
                        ? controlPlane.changeStatus(operator, tenantId, change.status())
                        : controlPlane.changeAuditShards(operator, tenantId, change.auditShards())));
            }
            case OFFBOARD_TENANT -> {
                TenantId tenantId = pathTenant(request);
                outcome.tenantId(tenantId.value());
                validated(operator, tenantId, "tenant.offboard", outcome, () -> requireNoBody(request));
                return ApiResponse.of(200, view(controlPlane.offboard(operator, tenantId)));
            }
            case PURGE_TENANT -> {
                TenantId tenantId = pathTenant(request);
                outcome.tenantId(tenantId.value());
                validated(operator, tenantId, "tenant.purge", outcome, () -> requireNoBody(request));
                ControlPlane.PurgeResult result = controlPlane.purge(operator, tenantId);
                ObjectNode body = view(result.tenant());
                body.putObject("purge")
                        .put("deletedRecords", result.deleted().records())
                        .put("deletedExecutions", result.deleted().executions())
                        .put("deletedNamespaces", result.deleted().namespaces())
                        .put("deletedOtherItems", result.deleted().otherItems())
                        .put("complete", result.deleted().complete());
                return ApiResponse.of(result.deleted().complete() ? 200 : 202, body);
            }
            case TENANT_USAGE -> {
                TenantId tenantId = pathTenant(request);
                outcome.tenantId(tenantId.value());
                Period period = validated(operator, tenantId, "tenant.usage", outcome, () -> period(request));
                TenantUsage.Usage usage = controlPlane.usage(operator, tenantId, period.from(), period.to());
                ObjectNode body = json.object().put("tenantId", tenantId.value())
                        .put("from", usage.from().toString()).put("to", usage.to().toString())
                        .put("requests", usage.requests());
                ObjectNode byAction = body.putObject("byAction");
                usage.byAction().forEach(byAction::put);
                ObjectNode byDecision = body.putObject("byDecision");
                usage.byDecision().forEach(byDecision::put);
                return ApiResponse.of(200, body);
            }
            default -> throw new RouteNotFoundException();
        }
    }

    private record Registration(String displayName, Tier tier) {
    }

    /** One change of a tenant: its status, its audit shard count or its tier. */
    private record Change(TenantStatus status, AuditShards auditShards, Tier tier) {
    }

    /** The period of a usage count, both ends included. */
    private record Period(Instant from, Instant to) {
    }

    /**
     * {@code from} and {@code to}, ISO-8601 instants; by default the current month (UTC) up to now. {@code to} may not
     * be before {@code from}, and the period is at most {@link TenantUsage#MAX_PERIOD}.
     */
    private Period period(ApiRequest request) {
        Instant now = clock.instant();
        Instant from = request.query("from").map(value -> instant(value, "from")).orElse(
                now.atZone(ZoneOffset.UTC).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).toInstant());
        Instant to = request.query("to").map(value -> instant(value, "to")).orElse(now);
        if (to.isBefore(from)) {
            throw new InvalidInputException("to must not be before from.");
        }
        if (Duration.between(from, to).compareTo(TenantUsage.MAX_PERIOD) > 0) {
            throw new InvalidInputException("The period may be at most " + TenantUsage.MAX_PERIOD.toDays()
                    + " days.");
        }
        return new Period(from, to);
    }

    private static Instant instant(String value, String name) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(name + " must be an ISO-8601 instant, e.g. 2025-01-01T00:00:00Z.", e);
        }
    }

    /** Offboarding and purging take no body: what they do is all in the path. */
    private static Boolean requireNoBody(ApiRequest request) {
        if (request.hasBody()) {
            throw new InvalidInputException("This request takes no body.");
        }
        return Boolean.TRUE;
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
            if (body.size() == 1 && body.has("tier")) {
                return "tenant.tier";
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
            case OFFBOARD_TENANT -> "tenant.offboard";
            case PURGE_TENANT -> "tenant.purge";
            case TENANT_USAGE -> "tenant.usage";
            default -> UPDATE;
        }, named != null && TenantId.isValid(named) ? named : "");
    }

    private static TenantId pathTenant(ApiRequest request) {
        return TenantId.of(request.pathParameter("tenantId"));
    }

    /** ACTIVE or SUSPENDED: the other statuses are steps of offboarding, with routes of their own. */
    private static TenantStatus status(ObjectNode body) {
        String value = text(body, "status");
        if (value.equals(TenantStatus.ACTIVE.name()) || value.equals(TenantStatus.SUSPENDED.name())) {
            return TenantStatus.valueOf(value);
        }
        throw new InvalidInputException("status must be ACTIVE or SUSPENDED (offboard and purge have routes of "
                + "their own).");
    }

    private static Tier tier(ObjectNode body) {
        return Tier.fromWireName(text(body, "tier")).orElseThrow(
                () -> new InvalidInputException("tier must be standard or premium."));
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
        if (tenant.purgeAfter() != null) {
            body.put("purgeAfter", tenant.purgeAfter().toString());
        }
        return body;
    }
}
