package com.execalc.api;

import com.execalc.audit.AuditTrail;
import com.execalc.governance.GlobalInvariants;
import com.execalc.governance.PolicyLoosensInvariantException;
import com.execalc.governance.PolicyModel;
import com.execalc.governance.PolicySettings;
import com.execalc.governance.PolicyStore;
import com.execalc.governance.PolicyViolation;
import com.execalc.governance.RequestFacts;
import com.execalc.governance.TenantPolicy;
import com.execalc.ingress.Route;
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

    /** The caller's tenant's stored policy, read once per request: every route governs with it. */
    PolicyStore.Stored storedPolicy(com.execalc.access.TenantDynamoDb db) {
        return policies.read(db);
    }

    /** The tenant's effective policy: the invariants tightened by its own policy. */
    PolicySettings effective(PolicyStore.Stored stored) {
        return model.effective(global, stored.policy());
    }

    ApiResponse handle(Route route, TenantRequest request) {
        return switch (route) {
            case GET_POLICY -> get(request);
            case PUT_POLICY -> put(request);
            default -> throw new RouteNotFoundException();
        };
    }

    private ApiResponse get(TenantRequest request) {
        request.decide(RequestFacts.none());
        PolicyStore.Stored stored = request.storedPolicy();
        return ApiResponse.of(200, view(stored.policy(), request.effective(), stored.version()));
    }

    /** Replaces the tenant's policy; a policy that loosens any invariant is refused whole, naming every such field. */
    private ApiResponse put(TenantRequest request) {
        request.audit().resource("policy");
        ObjectNode body = request.http().jsonBody();
        Preconditions preconditions = ConditionalHeaders.ifMatch(request.http());
        ConditionalHeaders.refuseIfNoneMatch(request.http(), "a tenant always has a policy, so a PUT only replaces "
                + "it; use If-Match.");
        request.decide(RequestFacts.none());
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
        // marked before the change's event and the policy are written: a writer reading the marks never keeps an event
        // shorter than a committed policy asks, and the shipper never sees a change asking for more than the marks
        // say; a change that fails after its mark only keeps some events longer
        if (effective.auditRetentionDays() > global.settings().auditRetentionDays()) {
            AuditTrail.markRetention(request.db(), effective.auditRetentionDays());
        }
        String eventId = request.audit().writeAhead(200);
        long version = policies.replace(request.db(), requested, current.version(), eventId);
        return new ApiResponse(200, view(requested, effective, version), Map.of("ETag", "\"" + version + "\""));
    }

    private ObjectNode view(TenantPolicy tenant, PolicySettings effective, long version) {
        ObjectNode body = json.object();
        body.set("global", model.render(global.settings()));
        body.set("tenant", model.render(tenant));
        body.set("effective", model.render(effective));
        body.put("version", version);
        body.put("invariantsVersion", global.version());
        return body;
    }
}
