package com.execalc.pipeline;

import com.execalc.access.TenantAccess;
import com.execalc.access.TenantDynamoDb;
import com.execalc.audit.AuditEvent;
import com.execalc.audit.EventIds;
import com.execalc.audit.IngressDenialAudit;
import com.execalc.audit.RequestAudit;
import com.execalc.errors.ErrorCode;
import com.execalc.errors.ExecalcException;
import com.execalc.governance.GlobalInvariants;
import com.execalc.governance.GovernanceDeniedException;
import com.execalc.governance.GovernanceEngine;
import com.execalc.governance.Permit;
import com.execalc.governance.PolicyModel;
import com.execalc.governance.PolicySettings;
import com.execalc.governance.PolicyStore;
import com.execalc.governance.Action;
import com.execalc.ingress.ForeignTenantGuard;
import com.execalc.ingress.TenantOffboardingException;
import com.execalc.observability.RequestOutcome;
import com.execalc.tenancy.AuditShards;
import com.execalc.tenancy.ExecutionContext;
import com.execalc.tenancy.MissingTenantContextException;
import com.execalc.tenancy.TenantContext;
import com.execalc.tenancy.TenantId;
import com.execalc.tenancy.TenantStatus;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * The one way through for a tenant request. Its stages run once per request, in this order, whatever the route:
 * <ol>
 *   <li>open the request's execution context: the tenant from the authorizer's context only, checked against the
 *       tenant-isolated environment (an unreadable context is refused and audited where a tenant is still named);</li>
 *   <li>open the tenant's data access in that context;</li>
 *   <li>start the request's audit event;</li>
 *   <li>read the tenant's policy and compute its effective policy, which also says how long the event is kept
 *       (read before anything may be refused, so that every refusal is kept that long too);</li>
 *   <li>refuse, for an offboarding tenant, every action but describing the session and exporting
 *       ({@link #allowedWhileOffboarding}): the ingress decision of its status, audited like every refusal;</li>
 *   <li>refuse client values that name another tenant ({@link ForeignTenantGuard});</li>
 *   <li>plan the request from its route's specification: its input read, the facts of its decision gathered;</li>
 *   <li>decide, exactly once: governance allows the request with a {@link Permit} or denies it;</li>
 *   <li>call the route's capability with the permit; and whatever happened, complete the audit event: exactly one
 *       per request.</li>
 * </ol>
 * Holds no request's state: everything a request has lives in its own {@link TenantRequest} and execution context.
 */
public final class TenantPipeline {

    /** The action of the refusal of a request whose tenant context cannot be read. */
    static final String UNREADABLE_CONTEXT_ACTION = "ingress.context";

    /** What an offboarding tenant's members may still do: see who they are, and take their data out. */
    public static boolean allowedWhileOffboarding(Action action) {
        return action == Action.SESSION_DESCRIBE || action == Action.TENANT_EXPORT;
    }

    private final TenantAccess access;
    private final GlobalInvariants global;
    private final PolicyModel model;
    private final PolicyStore policies;
    private final GovernanceEngine engine;
    private final EventIds ids;
    private final Clock clock;
    private final Consumer<AuditEvent> written;
    private final IngressDenialAudit refusals;
    private final ToIntFunction<ErrorCode> statusOf;
    private final Duration globalRetention;

    /**
     * @param written  told about each audit event once it is stored, e.g. to log it
     * @param refusals where the refusal of an unreadable context is audited
     * @param statusOf the status each error code is answered with: what the audit event records as its outcome
     */
    public TenantPipeline(TenantAccess access, GlobalInvariants global, PolicyModel model, PolicyStore policies,
                          GovernanceEngine engine, EventIds ids, Clock clock, Consumer<AuditEvent> written,
                          IngressDenialAudit refusals, ToIntFunction<ErrorCode> statusOf) {
        this.access = access;
        this.global = global;
        this.model = model;
        this.policies = policies;
        this.engine = engine;
        this.ids = ids;
        this.clock = clock;
        this.written = written;
        this.refusals = refusals;
        this.statusOf = statusOf;
        this.globalRetention = Duration.ofDays(global.settings().auditRetentionDays());
    }

    /**
     * Serves one tenant request through every stage.
     *
     * @param route             the specification of the request's route
     * @param input             what the client sent: the route's input, and the values the foreign-tenant check reads
     * @param authorizer        the authorizer's context, the only source of the tenant
     * @param environmentTenant the tenant of the tenant-isolated environment, or {@code null} when shared
     * @param outcome           what the request's log line says of its tenant and decision
     * @return the capability's answer
     */
    public <I extends ForeignTenantGuard.ClientValues, A extends Answer> A serve(
            TenantRoute<I, A> route, I input, Map<String, ?> authorizer, String requestId, String environmentTenant,
            RequestOutcome outcome) {
        TenantContext tenant = tenantOf(authorizer, requestId, environmentTenant);
        outcome.tenantId(tenant.tenantId().value());
        try (ExecutionContext context = ExecutionContext.open(tenant, environmentTenant, clock.instant())) {
            TenantDynamoDb db = access.open(context);
            RequestAudit audit = new RequestAudit(db, ids, clock, route.action().wireName(),
                    AuditEvent.ActorType.MEMBER, globalRetention, written);
            A answer;
            boolean policyRead = false;
            try {
                PolicyStore.Stored policy = policies.read(db);
                PolicySettings effective = model.effective(global, policy.policy());
                audit.retainFor(Duration.ofDays(effective.auditRetentionDays()));
                policyRead = true;
                if (context.tenant().status() == TenantStatus.OFFBOARDING
                        && !allowedWhileOffboarding(route.action())) {
                    audit.deny(ErrorCode.TENANT_OFFBOARDING.wireCode());
                    throw new TenantOffboardingException();
                }
                ForeignTenantGuard.check(context.tenant(), input);
                TenantRequest request = new TenantRequest(context.tenant(), db, audit, policy, effective);
                Plan<A> plan = route.planner().plan(input, request);
                answer = plan.capability().call(decide(route, request, plan));
            } catch (RuntimeException failure) {
                if (!policyRead) {
                    audit.retainAsMarked(IngressDenialAudit.LONGEST_RETENTION);
                }
                ErrorCode code = ExecalcException.codeOf(failure);
                if (code == ErrorCode.TENANT_MISMATCH || code == ErrorCode.TENANT_BOUNDARY_VIOLATION) {
                    // a crossing attempt denies the request, even one governance had allowed
                    audit.deny(code.wireCode());
                }
                audit.complete(statusOf.applyAsInt(code), code.wireCode());
                outcome.decision(audit.decision());
                throw failure;
            }
            audit.complete(answer.status(), null);
            outcome.decision(audit.decision());
            return answer;
        }
    }

    /** The one decision of the request; its reason goes into the audit event, allowed or denied. */
    private Permit decide(TenantRoute<?, ?> route, TenantRequest request, Plan<?> plan) {
        Permit permit;
        try {
            permit = engine.permit(request.tenant(), route.action(), plan.facts(), request.effective());
        } catch (GovernanceDeniedException denied) {
            request.audit().deny(denied.decision().reason());
            throw denied;
        }
        request.audit().allow(permit);
        return permit;
    }

    /** The tenant context from the authorizer; an unreadable one is refused, and audited where that is possible. */
    private TenantContext tenantOf(Map<String, ?> authorizer, String requestId, String environmentTenant) {
        try {
            return TenantContext.fromAuthorizerContext(authorizer, requestId);
        } catch (MissingTenantContextException unreadable) {
            auditUnreadableContext(authorizer, requestId, environmentTenant);
            throw unreadable;
        }
    }

    /**
     * Audits the refusal of a request whose authorizer context could not be read, when the context still names a valid
     * tenant that this environment may act for: as a DENY in that tenant's first audit shard, which every shard count
     * reads. A context that names no valid tenant, or another tenant than the tenant-isolated environment's, has no
     * partition this request may write to; the failure is logged only.
     */
    private void auditUnreadableContext(Map<String, ?> authorizer, String requestId, String environmentTenant) {
        Object named = authorizer == null ? null : authorizer.get(TenantContext.TENANT_ID_KEY);
        if (!(named instanceof String tenant) || !TenantId.isValid(tenant)
                || (environmentTenant != null && !environmentTenant.equals(tenant))) {
            return;
        }
        ErrorCode refusal = ErrorCode.TENANT_CONTEXT_MISSING;
        refusals.refuse(requestId, () -> refused(TenantId.of(tenant), authorizer.get(TenantContext.SUBJECT_KEY),
                requestId), environmentTenant, UNREADABLE_CONTEXT_ACTION, refusal.wireCode(),
                statusOf.applyAsInt(refusal));
    }

    /** A context allowed nothing, that can only record the refusal; the subject as the authorizer gave it, if usable. */
    private static TenantContext refused(TenantId tenant, Object subject, String requestId) {
        if (subject instanceof String named) {
            try {
                return new TenantContext(tenant, named, Set.of(), requestId, AuditShards.one());
            } catch (IllegalArgumentException unusableSubject) {
                // recorded as unknown below
            }
        }
        return new TenantContext(tenant, "unknown", Set.of(), requestId, AuditShards.one());
    }
}
