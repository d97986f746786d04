package com.execalc.api;

import com.execalc.access.CursorCodec;
import com.execalc.access.TenantAccess;
import com.execalc.access.TenantBoundaryViolationException;
import com.execalc.access.TenantDynamoDb;
import com.execalc.audit.AuditEvent;
import com.execalc.audit.EventIds;
import com.execalc.audit.RequestAudit;
import com.execalc.data.Namespaces;
import com.execalc.data.Records;
import com.execalc.execution.DecisionModelParser;
import com.execalc.execution.Executions;
import com.execalc.governance.Action;
import com.execalc.governance.GlobalInvariants;
import com.execalc.governance.GovernanceEngine;
import com.execalc.governance.PolicyModel;
import com.execalc.governance.PolicySettings;
import com.execalc.governance.PolicyStore;
import com.execalc.governance.RequestFacts;
import com.execalc.ingress.Route;
import com.execalc.observability.RequestOutcome;
import com.execalc.observability.Telemetry;
import com.execalc.tenancy.AuditShards;
import com.execalc.tenancy.ExecutionContext;
import com.execalc.tenancy.TenantContext;
import com.execalc.tenancy.TenantId;
import com.execalc.tenancy.TenantMismatchException;
import com.execalc.tenancy.TenantRole;
import com.execalc.wiring.AwsClients;
import com.execalc.wiring.Configuration;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The tenant API pipeline. For each request: open the tenant's data access and its audit event, compute the tenant's
 * effective policy (which says how long the event is kept), refuse client values that name another tenant, let the
 * route's capability answer (governance decides inside, before any data is touched), and write the audit event if the
 * capability did not write it ahead. Exactly one audit event per request, whatever happens.
 */
public final class TenantApi {

    private final Collaborators with;
    private final ApiErrors errors;
    private final LambdaJson json;
    private final DataRoutes data;
    private final GovernanceRoutes governance;
    private final ExecutionRoutes executions;
    private final AuditRoutes audit;
    private final IngressDenialAudit refusals;
    private final GovernanceEngine engine = new GovernanceEngine();

    /**
     * What the tenant API works with; all of it is shared by the requests of one function instance and holds no
     * tenant's state.
     */
    public record Collaborators(TenantAccess access, GlobalInvariants global, CursorCodec cursors,
                                EventIds eventIds, Clock clock, Telemetry telemetry) {
    }

    static final String UNREADABLE_CONTEXT_ACTION = "ingress.context";
    static final String UNREADABLE_CONTEXT_REASON = "TENANT_CONTEXT_MISSING";

    public TenantApi(Collaborators collaborators, LambdaJson json) {
        this.with = collaborators;
        this.json = json;
        this.errors = new ApiErrors(json);
        this.refusals = new IngressDenialAudit(with.access(), with.eventIds(), with.clock(),
                Duration.ofDays(with.global().settings().auditRetentionDays()), with.telemetry());
        PolicyModel model = new PolicyModel();
        Namespaces namespaces = new Namespaces(with.clock());
        this.data = new DataRoutes(namespaces, new Records(namespaces, with.clock()), with.cursors(), json);
        this.governance = new GovernanceRoutes(with.global(), model, new PolicyStore(model, with.clock()), json);
        this.audit = new AuditRoutes(with.cursors(), json);
        this.executions = new ExecutionRoutes(new Executions(namespaces, with.eventIds(), with.clock()),
                new DecisionModelParser(), json);
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

    /** Answers one tenant request inside its open execution context. */
    public ApiResponse handle(Route route, ApiRequest http, ExecutionContext context, RequestOutcome outcome) {
        TenantDynamoDb db = with.access().open(context);
        Action action = actionOf(route);
        RequestAudit audit = new RequestAudit(db, with.eventIds(), with.clock(), action.wireName(),
                AuditEvent.ActorType.MEMBER, Duration.ofDays(with.global().settings().auditRetentionDays()),
                with.telemetry()::auditEvent);
        ApiResponse response;
        boolean policyRead = false;
        try {
            // the policy first: every event of the request, a refusal of a foreign tenant's name included, is kept
            // for the tenant's effective retention
            PolicyStore.Stored policy = governance.storedPolicy(db);
            PolicySettings effective = governance.effective(policy);
            audit.retainFor(Duration.ofDays(effective.auditRetentionDays()));
            policyRead = true;
            ForeignTenantGuard.check(context.tenant(), http);
            TenantRequest request = new TenantRequest(http, action, context.tenant(), db, audit, policy, effective,
                    engine);
            response = dispatch(route, request);
        } catch (RuntimeException failure) {
            if (!policyRead) {
                audit.retainAsMarked(IngressDenialAudit.LONGEST_RETENTION);
            }
            ApiErrors.ApiError error = errors.classify(failure);
            if (failure instanceof TenantMismatchException || failure instanceof TenantBoundaryViolationException) {
                audit.deny(error.code());
            }
            audit.complete(error.status(), error.code());
            outcome.decision(audit.decision());
            throw failure;
        }
        audit.complete(response.status(), null);
        outcome.decision(audit.decision());
        return response;
    }

    /**
     * Audits the refusal of a request whose authorizer context could not be read (it is answered 500), when the
     * context still names a valid tenant that this environment may act for: as a DENY in that tenant's first audit
     * shard, which every shard count reads. A context that names no valid tenant, or another tenant than the
     * tenant-isolated environment's, has no partition this request may write to; the failure is logged only.
     */
    public void auditUnreadableContext(Map<String, ?> authorizer, String requestId, String environmentTenant) {
        Object named = authorizer == null ? null : authorizer.get(TenantContext.TENANT_ID_KEY);
        if (!(named instanceof String tenant) || !TenantId.isValid(tenant)
                || (environmentTenant != null && !environmentTenant.equals(tenant))) {
            return;
        }
        refusals.refuse(requestId, () -> refused(TenantId.of(tenant), authorizer.get(TenantContext.SUBJECT_KEY),
                requestId), environmentTenant, UNREADABLE_CONTEXT_ACTION, UNREADABLE_CONTEXT_REASON, 500);
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

    private ApiResponse dispatch(Route route, TenantRequest request) {
        return switch (route) {
            case WHO_AM_I -> {
                request.decide(RequestFacts.none());
                yield ApiResponse.of(200, whoAmI(request.tenant()));
            }
            case LIST_NAMESPACES, PUT_NAMESPACE, DELETE_NAMESPACE, LIST_RECORDS, PUT_RECORD, GET_RECORD,
                    DELETE_RECORD -> data.handle(route, request);
            case RUN_EXECUTION, GET_EXECUTION -> executions.handle(route, request);
            case GET_POLICY, PUT_POLICY -> governance.handle(route, request);
            case QUERY_AUDIT -> audit.handle(request);
            default -> throw new RouteNotFoundException();
        };
    }

    private static Action actionOf(Route route) {
        return switch (route) {
            case WHO_AM_I -> Action.SESSION_DESCRIBE;
            case LIST_NAMESPACES -> Action.NAMESPACE_LIST;
            case PUT_NAMESPACE -> Action.NAMESPACE_CREATE;
            case DELETE_NAMESPACE -> Action.NAMESPACE_DELETE;
            case LIST_RECORDS -> Action.RECORD_LIST;
            case PUT_RECORD -> Action.RECORD_PUT;
            case GET_RECORD -> Action.RECORD_GET;
            case DELETE_RECORD -> Action.RECORD_DELETE;
            case RUN_EXECUTION -> Action.EXECUTION_RUN;
            case GET_EXECUTION -> Action.EXECUTION_GET;
            case GET_POLICY -> Action.POLICY_GET;
            case PUT_POLICY -> Action.POLICY_PUT;
            case QUERY_AUDIT -> Action.AUDIT_QUERY;
            default -> throw new RouteNotFoundException();
        };
    }

    private ObjectNode whoAmI(TenantContext tenant) {
        ObjectNode body = json.object();
        body.put("tenantId", tenant.tenantId().value());
        body.put("subject", tenant.subject());
        body.putArray("roles").addAll(tenant.roles().stream().map(TenantRole::wireName)
                .map(body::textNode).toList());
        body.put("requestId", tenant.requestId());
        return body;
    }
}
