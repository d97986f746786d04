package com.execalc.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.execalc.ingress.Plane;
import com.execalc.ingress.Route;
import com.execalc.observability.LogSink;
import com.execalc.observability.RequestOutcome;
import com.execalc.observability.Telemetry;
import com.execalc.tenancy.ExecutionContext;
import com.execalc.tenancy.MissingTenantContextException;
import com.execalc.tenancy.TenantContext;
import com.execalc.wiring.Configuration;

import java.time.Clock;

/**
 * Lambda entry point of every tenant route. Thin by design: read the tenant context the authorizer attached, open the
 * request's execution context (checked against the tenant-isolated environment), let {@link TenantApi} answer, and
 * close the context whatever happens.
 */
public final class TenantApiHandler extends ProxyHandler {

    /** The function's name in metrics and logs. */
    public static final String FUNCTION = "tenant-api";

    private final TenantApi api;
    private final Clock clock;

    /** Used by Lambda: reads the configuration from the environment. */
    public TenantApiHandler() {
        this(Configuration.fromSystemEnvironment());
    }

    public TenantApiHandler(Configuration config) {
        this(config, LogSink.stdout());
    }

    /** A handler that writes its log lines to {@code logs}: the local stack and tests capture them. */
    public TenantApiHandler(Configuration config, LogSink logs) {
        this(config, new LambdaJson(), new Telemetry(logs, FUNCTION));
    }

    // one mapper and one telemetry for the handler and its capabilities
    private TenantApiHandler(Configuration config, LambdaJson json, Telemetry telemetry) {
        this(TenantApi.create(config, json, Clock.systemUTC(), telemetry), json, telemetry, Clock.systemUTC());
    }

    public TenantApiHandler(TenantApi api, LambdaJson json, Telemetry telemetry, Clock clock) {
        super(json, telemetry, clock);
        this.api = api;
        this.clock = clock;
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Context lambda, RequestOutcome outcome) {
        Route route = request.route().filter(r -> r.plane() == Plane.TENANT).orElseThrow(RouteNotFoundException::new);
        TenantContext tenant;
        try {
            tenant = TenantContext.fromAuthorizerContext(request.authorizer(), request.requestId());
        } catch (MissingTenantContextException unreadable) {
            api.auditUnreadableContext(request.authorizer(), request.requestId(), lambda.getTenantId());
            throw unreadable;
        }
        outcome.tenantId(tenant.tenantId().value());
        try (ExecutionContext context = ExecutionContext.open(tenant, lambda.getTenantId(), clock.instant())) {
            return api.handle(route, request, context, outcome);
        }
    }
}
