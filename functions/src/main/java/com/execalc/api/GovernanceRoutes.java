package com.execalc.api;

import com.execalc.audit.AuditTrail;
import com.execalc.governance.Action;
import com.execalc.governance.GlobalInvariants;
import com.execalc.governance.PolicyLoosensInvariantException;
import com.execalc.governance.PolicyModel;
import com.execalc.governance.PolicySettings;
import com.execalc.governance.PolicyStore;
import com.execalc.governance.PolicyViolation;
import com.execalc.governance.RequestFacts;
import com.execalc.governance.TenantPolicy;
import com.execalc.ingress.Route;
import com.execalc.pipeline.Plan;
import com.execalc.pipeline.TenantRequest;
import com.execalc.pipeline.TenantRoute;
import com.execalc.tenancy.PreconditionFailedException;
import com.execalc.tenancy.Preconditions;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code GET} and {@code PUT /governance/policy}. */
final class GovernanceRoutes {

    private final GlobalInvariants global;
    private final PolicyModel model;
    private final PolicyStore policies;
    private final LambdaJson json;

    GovernanceRoutes(GlobalInvariants global, PolicyModel model, PolicyStore policies, LambdaJson json) {
        this.global = global;
        this.model = model;
        this.policies = policies;
        this.json = json;
    }

    Map<Route, TenantRoute<ApiRequest, ApiResponse>> routes() {
        return Map.of(
                Route.GET_POLICY, TenantRoute.of(Action.POLICY_GET, this::get),
                Route.PUT_POLICY, TenantRoute.of(Action.POLICY_PUT, this::put));
    }

    private Plan<ApiResponse> get(ApiRequest http, TenantRequest request) {
        return Plan.of(RequestFacts.none(), permit -> {
            PolicyStore.Stored stored = request.storedPolicy();
            return ApiResponse.of(200, view(stored.policy(), request.effective(), stored.version()));
        });
    }

    /**
     * Replaces the tenant's policy; a policy that loosens any invariant is refused whole, naming every such field. The
     * body must be JSON before the decision; what it asks for is judged after it, by the policy model.
     */
    private Plan<ApiResponse> put(ApiRequest http, TenantRequest request) {
        request.audit().resource("policy");
        ObjectNode body = http.jsonBody();
        Preconditions preconditions = ConditionalHeaders.ifMatch(http);
        ConditionalHeaders.refuseIfNoneMatch(http, "a tenant always has a policy, so a PUT only replaces it; use "
                + "If-Match.");
        return Plan.of(RequestFacts.none(), permit -> {
            TenantPolicy requested = model.parse(body);
            List<PolicyViolation> violations = model.violations(global, requested);
            if (!violations.isEmpty()) {
                request.audit().deny("POLICY_LOOSENS_INVARIANT");
                request.audit().detail("requestedPolicy", model.render(requested).toString());
                throw new PolicyLoosensInvariantException(violations);
            }
            PolicyStore.Stored current = request.storedPolicy();
            // the policy's entity tag is its version: a policy is never deleted, so versions never come back
            if (!preconditions.holdsFor(Optional.of(Long.toString(current.version())))) {
                throw new PreconditionFailedException("The policy is not at a version If-Match names.");
            }
            request.audit().detail("previousPolicy", model.render(current.policy()).toString());
            request.audit().detail("newPolicy", model.render(requested).toString());
            PolicySettings effective = model.effective(global, requested);
            request.audit().retainFor(Duration.ofDays(effective.auditRetentionDays()));
            // marked before the change's event and the policy are written: a writer reading the marks never keeps an
            // event shorter than a committed policy asks, and the shipper never sees a change asking for more than
            // the marks say; a change that fails after its mark only keeps some events longer
            if (effective.auditRetentionDays() > global.settings().auditRetentionDays()) {
                AuditTrail.markRetention(request.db(), permit, effective.auditRetentionDays());
            }
            String eventId = request.audit().writeAhead(permit, 200);
            long version = policies.replace(request.db(), permit, requested, current.version(), eventId);
            return new ApiResponse(200, view(requested, effective, version), Map.of("ETag", "\"" + version + "\""));
        });
    }

    /** The policy as {@code GET /governance/policy} answers it (and the export holds it). */
    ObjectNode view(TenantPolicy tenant, PolicySettings effective, long version) {
        ObjectNode body = json.object();
        body.set("global", model.render(global.settings()));
        body.set("tenant", model.render(tenant));
        body.set("effective", model.render(effective));
        body.put("version", version);
        body.put("invariantsVersion", global.version());
        return body;
    }
}
