package com.execalc.controlplane;

import com.execalc.access.TenantAccess;
import com.execalc.audit.AuditEvent;
import com.execalc.audit.EventIds;
import com.execalc.audit.RequestAudit;
import com.execalc.audit.TenantLogGroups;
import com.execalc.governance.OperatorGovernance;
import com.execalc.governance.Permit;
import com.execalc.governance.PolicyModel;
import com.execalc.tenancy.AuditShards;
import com.execalc.tenancy.ExecutionContext;
import com.execalc.tenancy.TenantContext;
import com.execalc.tenancy.TenantId;
import com.execalc.tenancy.TenantStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.BiFunction;

/**
 * Platform-operator operations on the tenant registry. Each acts on exactly one tenant, in an execution context of
 * that tenant, and is audited in that tenant's own audit partitions (never in one of a tenant that does not exist),
 * with the operator as actor (actor type {@code PLATFORM_OPERATOR}), spread over the audit shards of the registry entry
 * it read. A change of a tenant's standing (its status, its audit shard count) reaches the gateway at once: the tenant's
 * API key is enabled or disabled with its status, and the gateway's authorizer cache is flushed. Refusals leave an
 * event too: an operator's invalid request on a registered tenant in that tenant's audit, a tenant member's request in
 * the member's own.
 */
public final class ControlPlane {

    /** The reason of an operator request refused for its input. */
    public static final String INVALID_REQUEST = "INVALID_REQUEST";
    /** The reason of a tenant member's request refused by the control plane. */
    public static final String NOT_PLATFORM_OPERATOR = "NOT_PLATFORM_OPERATOR";

    private final TenantRegistry registry;
    private final TenantLogGroups logGroups;
    private final UsageKeys usageKeys;
    private final AuthorizerCache authorizerCache;
    private final TenantAccess access;
    private final EventIds ids;
    private final Clock clock;
    private final Duration retention;
    private final Consumer<AuditEvent> written;
    private final OperatorGovernance governance = new OperatorGovernance();

    /**
     * @param authorizerCache the gateway's cache of authorizer decisions, flushed when a tenant's standing changes
     * @param retention       the global audit retention: of the new tenant's log group, and of events of a tenant
     *                        whose retention marks ask for no longer
     * @param written         told about each audit event once it is stored
     */
    public ControlPlane(TenantRegistry registry, TenantLogGroups logGroups, UsageKeys usageKeys,
                        AuthorizerCache authorizerCache, TenantAccess access, EventIds ids, Clock clock,
                        Duration retention, Consumer<AuditEvent> written) {
        this.registry = registry;
        this.logGroups = logGroups;
        this.usageKeys = usageKeys;
        this.authorizerCache = authorizerCache;
        this.access = access;
        this.ids = ids;
        this.clock = clock;
        this.retention = retention;
        this.written = written;
    }

    /**
     * Registers a new, active tenant of a tier: issues its usage key in the tier's usage plan, records it, and creates
     * its audit log group.
     *
     * @throws TenantAlreadyExistsException when the id is taken
     */
    public TenantRecord register(OperatorContext operator, TenantId tenantId, String displayName, Tier tier) {
        TenantRecord.requireDisplayName(displayName);
        Optional<TenantRecord> existing = registry.find(tenantId);
        // shard 0, which every shard count includes: the entry this event is about may not exist yet, or may be
        // written concurrently with another count, and the event must be found whatever count wins
        return inTenant(operator, tenantId, AuditShards.one(), "tenant.register", (audit, permit) -> {
            if (existing.isPresent()) {
                audit.complete(409, "CONFLICT");
                throw new TenantAlreadyExistsException(tenantId, null);
            }
            audit.detail("tier", tier.wireName());
            audit.writeAhead(permit, 201);
            Instant now = clock.instant();
            TenantRecord tenant = new TenantRecord(tenantId, displayName, TenantStatus.ACTIVE, tier,
                    usageKeys.issue(tenantId, tier), tier.defaultAuditShards(), now, now);
            registry.create(permit, tenant);
            logGroups.create(tenantId, (int) retention.toDays());
            return tenant;
        });
    }

    /** @throws TenantNotFoundException when no such tenant is registered */
    public TenantRecord describe(OperatorContext operator, TenantId tenantId) {
        TenantRecord tenant = registry.find(tenantId).orElseThrow(() -> new TenantNotFoundException(tenantId));
        return inTenant(operator, tenantId, tenant.auditShards(), "tenant.describe", (audit, permit) -> {
            audit.complete(200, null);
            return tenant;
        });
    }

    /**
     * Activates or suspends a tenant, at once: the registry first (every new authorization reads it), then the tenant's
     * API key (enabled only while active: a disabled key is refused even for a cached Allow), then the gateway's
     * authorizer cache (no cached decision survives the change).
     *
     * @throws TenantNotFoundException     when no such tenant is registered
     * @throws GatewayNotUpdatedException when the change is stored but the key or the cache could not be updated
     */
    public TenantRecord changeStatus(OperatorContext operator, TenantId tenantId, TenantStatus status) {
        TenantRecord current = registry.find(tenantId).orElseThrow(() -> new TenantNotFoundException(tenantId));
        return inTenant(operator, tenantId, current.auditShards(), "tenant.status", (audit, permit) -> {
            audit.detail("previousStatus", current.status().name());
            audit.detail("newStatus", status.name());
            audit.writeAhead(permit, 200);
            TenantRecord changed = registry.updateStatus(permit, tenantId, status, clock.instant());
            updateGateway(tenantId, () -> usageKeys.setEnabled(tenantId, changed.usageKey(),
                    status == TenantStatus.ACTIVE));
            return changed;
        });
    }

    /**
     * Sets a tenant's audit shard count. It may only grow (or stay): the shards above a lower count would hold events
     * that no query reads. A raise that loses a race to a higher one is still a success: the tenant has at least the
     * count asked for, as its audit event (written ahead, 200) says. Its own event is written with the count read before the change, into a shard that every
     * later count includes.
     *
     * @throws TenantNotFoundException       when no such tenant is registered
     * @throws AuditShardsDecreaseException when {@code shards} is below the tenant's count; audited, nothing changed
     */
    public TenantRecord changeAuditShards(OperatorContext operator, TenantId tenantId, AuditShards shards) {
        TenantRecord current = registry.find(tenantId).orElseThrow(() -> new TenantNotFoundException(tenantId));
        return inTenant(operator, tenantId, current.auditShards(), "tenant.audit.shards", (audit, permit) -> {
            audit.detail("previousAuditShards", current.auditShards().wireValue());
            audit.detail("newAuditShards", shards.wireValue());
            if (!current.auditShards().mayChangeTo(shards)) {
                audit.deny("AUDIT_SHARDS_DECREASE");
                audit.complete(400, "INVALID_REQUEST");
                throw new AuditShardsDecreaseException(current.auditShards(), shards);
            }
            audit.writeAhead(permit, 200);
            TenantRecord raised = registry.raiseAuditShards(permit, tenantId, shards, clock.instant());
            // cached contexts carry the old count: still readable (shard 0 is in every count), but none should stay
            updateGateway(tenantId, () -> { });
            return raised;
        });
    }

    /**
     * Records the refusal of an operator request that names a registered tenant but is invalid (a status, shard count,
     * tier or body that cannot be read): a DENY, 400, in that tenant's audit. Nothing else is done; a tenant that is not
     * registered owns no audit partition, so its refusals are not recorded.
     *
     * @throws com.execalc.audit.AuditUnavailableException when the refusal cannot be recorded (a 503: nothing was done)
     */
    public void refuseInvalid(OperatorContext operator, TenantId tenantId, String action) {
        Optional<TenantRecord> tenant = registry.find(tenantId);
        if (tenant.isEmpty()) {
            return;
        }
        inTenant(operator, tenantId, tenant.get().auditShards(), action, (audit, permit) -> {
            audit.deny(INVALID_REQUEST);
            audit.complete(400, INVALID_REQUEST);
            return tenant.get();
        });
    }

    /**
     * Records the refusal of a tenant member's request to the control plane (only platform operators may use it): a
     * DENY, 403, in the member's own tenant's audit, with the member as actor. The tenant it names, if any, is only the
     * resource of that event.
     *
     * @param member   the caller, from its authorizer context
     * @param resource the tenant id the request names, or empty
     * @throws com.execalc.audit.AuditUnavailableException when the refusal cannot be recorded (a 503: nothing was done)
     */
    public void refuseMember(TenantContext member, String action, String resource) {
        try (ExecutionContext context = ExecutionContext.open(member, null, clock.instant())) {
            RequestAudit audit = new RequestAudit(access.open(context), ids, clock, action,
                    AuditEvent.ActorType.MEMBER, retention, written);
            // like the operators' events, kept as long as the member's tenant's retention marks say
            audit.retainAsMarked(Duration.ofDays(PolicyModel.MAX_RETENTION_DAYS));
            audit.resource(resource);
            audit.deny(NOT_PLATFORM_OPERATOR);
            audit.complete(403, "FORBIDDEN");
        }
    }

    /** Runs {@code first}, then flushes the gateway's authorizer cache; a failure of either is a 503 to repeat. */
    private void updateGateway(TenantId tenantId, Runnable first) {
        try {
            first.run();
            authorizerCache.flush();
        } catch (RuntimeException e) {
            throw new GatewayNotUpdatedException(tenantId.value(), e);
        }
    }

    /**
     * Runs {@code operation} in an execution context of the tenant, with its audit event started and allowed by the
     * operator's permit; the operation may still refuse (and record the refusal) before it writes ahead.
     */
    private TenantRecord inTenant(OperatorContext operator, TenantId tenantId, AuditShards auditShards, String action,
                                  BiFunction<RequestAudit, Permit, TenantRecord> operation) {
        // the operator's own subject: its kind is recorded as PLATFORM_OPERATOR, never encoded in the subject
        TenantContext acting = new TenantContext(tenantId, operator.subject(), Set.of(), operator.requestId(),
                auditShards);
        try (ExecutionContext context = ExecutionContext.open(acting, null, clock.instant())) {
            RequestAudit audit = new RequestAudit(access.open(context), ids, clock, action,
                    AuditEvent.ActorType.PLATFORM_OPERATOR, retention, written);
            // the control plane never reads the tenant's policy: its retention marks say how long to keep the event
            audit.retainAsMarked(Duration.ofDays(PolicyModel.MAX_RETENTION_DAYS));
            audit.resource(tenantId.value());
            Permit permit = governance.permit(action, operator.requestId());
            audit.allow(permit);
            return operation.apply(audit, permit);
        }
    }
}
