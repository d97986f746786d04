package com.execalc.api;

import com.execalc.access.CursorCodec;
import com.execalc.access.TenantAccess;
import com.execalc.audit.EventIds;
import com.execalc.audit.IngressDenialAudit;
import com.execalc.data.Namespaces;
import com.execalc.data.Records;
import com.execalc.execution.DecisionModelParser;
import com.execalc.execution.Executions;
import com.execalc.export.TenantExport;
import com.execalc.governance.GlobalInvariants;
import com.execalc.governance.GovernanceEngine;
import com.execalc.governance.PolicyModel;
import com.execalc.governance.PolicyStore;
import com.execalc.ingress.Route;
import com.execalc.observability.RequestOutcome;
import com.execalc.observability.Telemetry;
import com.execalc.pipeline.TenantPipeline;
import com.execalc.wiring.AwsClients;
import com.execalc.wiring.Configuration;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The tenant API: every tenant route's specification, run through the one {@link TenantPipeline}. This is where the
 * tenant API function is put together, once per function instance; nothing here holds a request's state.
 */
public final class TenantApi {

    private final TenantRoutes routes;
    private final TenantPipeline pipeline;

    /**
     * What the tenant API works with; all of it is shared by the requests of one function instance and holds no
     * tenant's state.
     */
    public record Collaborators(TenantAccess access, GlobalInvariants global, CursorCodec cursors,
                                EventIds eventIds, Clock clock, Telemetry telemetry) {
    }

    public TenantApi(Collaborators with, LambdaJson json) {
        PolicyModel model = new PolicyModel();
        PolicyStore policies = new PolicyStore(model, with.clock());
        Namespaces namespaces = new Namespaces(with.clock());
        Records records = new Records(namespaces, with.clock());
        Executions executions = new Executions(namespaces, with.eventIds(), with.clock());
        DataRoutes data = new DataRoutes(namespaces, records, with.cursors(), json);
        ExecutionRoutes execution = new ExecutionRoutes(executions, new DecisionModelParser(), with.cursors(), json);
        GovernanceRoutes governance = new GovernanceRoutes(with.global(), model, policies, json);
        this.routes = new TenantRoutes(List.of(
                new SessionRoutes(json).routes(),
                data.routes(),
                execution.routes(),
                governance.routes(),
                new AuditRoutes(with.cursors(), json).routes(),
                // the export's items are written by the routes that read them
                new ExportRoutes(new TenantExport(namespaces, records, executions), with.cursors(), json, data,
                        execution, governance).routes(),
                new DigestRoutes(with.cursors(), json).routes()));
        Duration retention = Duration.ofDays(with.global().settings().auditRetentionDays());
        this.pipeline = new TenantPipeline(with.access(), with.global(), model, policies, new GovernanceEngine(),
                with.eventIds(), with.clock(), with.telemetry()::auditEvent,
                new IngressDenialAudit(with.access(), with.eventIds(), with.clock(), retention,
                        with.telemetry()::auditEvent, with.telemetry()::failure),
                ApiErrors::status);
    }

    /** Wires the capabilities of a deployed or local function. */
    public static TenantApi create(Configuration config, LambdaJson json, Clock clock, Telemetry telemetry) {
        return new TenantApi(new Collaborators(
                AwsClients.of(config).tenantAccess(),
                GlobalInvariants.v1(),
                new CursorCodec(config.cursorSecret()),
                new EventIds(),
                clock,
                telemetry), json);
    }

    /**
     * Answers one tenant request: its route's specification through the pipeline.
     *
     * @param environmentTenant the tenant of the tenant-isolated environment, or {@code null} when shared
     * @throws RouteNotFoundException when the route is not a tenant route
     */
    public ApiResponse handle(Route route, ApiRequest http, String environmentTenant, RequestOutcome outcome) {
        return pipeline.serve(routes.of(route).orElseThrow(RouteNotFoundException::new), http, http.authorizer(),
                http.requestId(), environmentTenant, outcome);
    }
}
