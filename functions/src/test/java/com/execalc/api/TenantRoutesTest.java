package com.execalc.api;

import com.execalc.access.CursorCodec;
import com.execalc.audit.EventIds;
import com.execalc.data.Namespaces;
import com.execalc.data.Records;
import com.execalc.execution.DecisionModelParser;
import com.execalc.execution.Executions;
import com.execalc.export.TenantExport;
import com.execalc.governance.Action;
import com.execalc.governance.GlobalInvariants;
import com.execalc.governance.PolicyModel;
import com.execalc.governance.PolicyStore;
import com.execalc.ingress.Plane;
import com.execalc.ingress.Route;
import com.execalc.pipeline.TenantRoute;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every tenant route has exactly one specification, which names the action it is governed and audited as. */
class TenantRoutesTest {

    private static final Map<Route, Action> ACTIONS = new EnumMap<>(Map.ofEntries(
            Map.entry(Route.WHO_AM_I, Action.SESSION_DESCRIBE),
            Map.entry(Route.LIST_NAMESPACES, Action.NAMESPACE_LIST),
            Map.entry(Route.PUT_NAMESPACE, Action.NAMESPACE_CREATE),
            Map.entry(Route.DELETE_NAMESPACE, Action.NAMESPACE_DELETE),
            Map.entry(Route.LIST_RECORDS, Action.RECORD_LIST),
            Map.entry(Route.PUT_RECORD, Action.RECORD_PUT),
            Map.entry(Route.GET_RECORD, Action.RECORD_GET),
            Map.entry(Route.DELETE_RECORD, Action.RECORD_DELETE),
            Map.entry(Route.RUN_EXECUTION, Action.EXECUTION_RUN),
            Map.entry(Route.GET_EXECUTION, Action.EXECUTION_GET),
            Map.entry(Route.LIST_EXECUTIONS, Action.EXECUTION_LIST),
            Map.entry(Route.REVIEW_EXECUTION, Action.EXECUTION_REVIEW),
            Map.entry(Route.GET_POLICY, Action.POLICY_GET),
            Map.entry(Route.PUT_POLICY, Action.POLICY_PUT),
            Map.entry(Route.QUERY_AUDIT, Action.AUDIT_QUERY),
            Map.entry(Route.EXPORT, Action.TENANT_EXPORT),
            Map.entry(Route.LIST_AUDIT_DIGESTS, Action.AUDIT_QUERY),
            Map.entry(Route.GET_AUDIT_SIGNING_KEY, Action.AUDIT_QUERY)));

    private final LambdaJson json = new LambdaJson();
    private final Clock clock = Clock.systemUTC();
    private final Namespaces namespaces = new Namespaces(clock);
    private final CursorCodec cursors = new CursorCodec(new byte[32]);
    private final PolicyModel model = new PolicyModel();

    private List<Map<Route, TenantRoute<ApiRequest, ApiResponse>>> groups() {
        Records records = new Records(namespaces, clock);
        Executions executions = new Executions(namespaces, new EventIds(), clock);
        DataRoutes data = new DataRoutes(namespaces, records, cursors, json);
        ExecutionRoutes execution = new ExecutionRoutes(executions, new DecisionModelParser(), cursors, json);
        GovernanceRoutes governance = new GovernanceRoutes(GlobalInvariants.v1(), model, new PolicyStore(model, clock),
                json);
        return List.of(
                new SessionRoutes(json).routes(),
                data.routes(),
                execution.routes(),
                governance.routes(),
                new AuditRoutes(cursors, json).routes(),
                new ExportRoutes(new TenantExport(namespaces, records, executions), cursors, json, data, execution,
                        governance).routes(),
                new DigestRoutes(cursors, json).routes());
    }

    @Test
    void everyTenantRoute_shouldHaveTheActionItIsGovernedAndAuditedAs() {
        TenantRoutes routes = new TenantRoutes(groups());

        for (Route route : Route.values()) {
            if (route.plane() == Plane.TENANT) {
                assertThat(routes.of(route)).as(route.name()).hasValueSatisfying(specification ->
                        assertThat(specification.action()).isEqualTo(ACTIONS.get(route)));
            } else {
                assertThat(routes.of(route)).as(route.name()).isEmpty();
            }
        }
        assertThat(ACTIONS.keySet()).allMatch(route -> route.plane() == Plane.TENANT);
    }

    @Test
    void theTable_shouldRefuseToBeBuilt_whenATenantRouteHasNoSpecification() {
        List<Map<Route, TenantRoute<ApiRequest, ApiResponse>>> withoutAudit = new java.util.ArrayList<>(groups());
        withoutAudit.remove(4);

        assertThatThrownBy(() -> new TenantRoutes(withoutAudit)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("QUERY_AUDIT");
    }

    @Test
    void theTable_shouldRefuseToBeBuilt_whenARouteHasTwoSpecifications() {
        List<Map<Route, TenantRoute<ApiRequest, ApiResponse>>> twice = new java.util.ArrayList<>(groups());
        twice.add(new SessionRoutes(json).routes());

        assertThatThrownBy(() -> new TenantRoutes(twice)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("WHO_AM_I");
    }
}
