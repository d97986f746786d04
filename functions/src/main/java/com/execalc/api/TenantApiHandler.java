package com.execalc.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.execalc.ingress.Plane;
import com.execalc.ingress.Route;
import com.execalc.observability.LogSink;
import com.execalc.observability.RequestOutcome;
import com.execalc.observability.Telemetry;
import com.execalc.wiring.Configuration;

import java.time.Clock;

/**
 * Lambda entry point of every tenant route. Thin by design: the route of the event, and the tenant-isolated
 * environment's tenant, handed to {@link TenantApi}, whose pipeline opens the request's execution context from the
 * authorizer's, governs, audits and closes it whatever happens.
 */
public final class TenantApiHandler extends ProxyHandler {

    /** The function's name in metrics and logs. */
    public static final String FUNCTION = "tenant-api";

    private final TenantApi api;

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
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Context lambda, RequestOutcome outcome) {
        Route route = request.route().filter(r -> r.plane() == Plane.TENANT).orElseThrow(RouteNotFoundException::new);
        return api.handle(route, request, lambda.getTenantId(), outcome);
    }
}
