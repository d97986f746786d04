package com.execalc.controlplane;

import com.execalc.access.TenantAccess;
import com.execalc.access.TenantDynamoDb;
import com.execalc.audit.AuditEvent;
import com.execalc.audit.EventIds;
import com.execalc.audit.RequestAudit;
import com.execalc.audit.TenantLogGroups;
import com.execalc.errors.ErrorCode;
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
import java.util.EnumSet;
import java.util.List;
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
    private final Lifecycle lifecycle;
    private final TenantUsage usage = new TenantUsage();

    /**
     * What offboarding and purging need.
     *
     * @param purgeAccess  data access to the tenant tables, narrowed to one tenant exactly like the tenant API's (its
     *                     session policy, its key guard): what a purge deletes with
     * @param grace        how long an offboarding tenant keeps its data before it may be purged
     * @param purge        how a purge round plans and deletes
     * @param continuation how a purge that needs more rounds goes on by itself
     */
    public record Lifecycle(TenantAccess purgeAccess, Duration grace, TenantPurge purge,
                            PurgeContinuation continuation) {
        public Lifecycle {
            java.util.Objects.requireNonNull(purgeAccess, "purgeAccess");
            if (grace.isNegative()) {
                throw new IllegalArgumentException("The offboarding grace period cannot be negative");
            }
            java.util.Objects.requireNonNull(purge, "purge");
            java.util.Objects.requireNonNull(continuation, "continuation");
        }
    }

    /**
     * @param authorizerCache the gateway's cache of authorizer decisions, flushed when a tenant's standing changes
     * @param retention       the global audit retention: of the new tenant's log group, and of events of a tenant
     *                        whose retention marks ask for no longer
     * @param written         told about each audit event once it is stored
     * @param lifecycle       what offboarding and purging need
     */
    public ControlPlane(TenantRegistry registry, TenantLogGroups logGroups, UsageKeys usageKeys,
                        AuthorizerCache authorizerCache, TenantAccess access, EventIds ids, Clock clock,
                        Duration retention, Consumer<AuditEvent> written, Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
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
            if (existing.isPresent() && existing.get().status() == TenantStatus.PURGED) {
                // the tombstone keeps the id: a new tenant must never inherit the old one's audit partitions
                audit.deny(ErrorCode.TENANT_ID_RETIRED.wireCode());
                audit.complete(409, ErrorCode.TENANT_ID_RETIRED.wireCode());
                throw new TenantIdRetiredException(tenantId);
            }
            if (existing.isPresent()) {
                audit.complete(409, "CONFLICT");
                throw new TenantAlreadyExistsException(tenantId, null);
            }
            audit.detail("tier", tier.wireName());
            audit.writeAhead(permit, 201);
            Instant now = clock.instant();
            TenantRecord tenant = new TenantRecord(tenantId, displayName, TenantStatus.ACTIVE, tier,
                    usageKeys.issue(tenantId, tier), tier.defaultAuditShards(), now, now, null);
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
     * authorizer cache (no cached decision survives the change). Activating an offboarding tenant cancels its
     * offboarding; a tenant whose purge began stays as it is (409).
     *
     * @param status ACTIVE or SUSPENDED
     * @throws TenantNotFoundException       when no such tenant is registered
     * @throws TenantStatusConflictException when its purge began; audited, nothing changed
     * @throws GatewayNotUpdatedException   when the change is stored but the key or the cache could not be updated
     */
    public TenantRecord changeStatus(OperatorContext operator, TenantId tenantId, TenantStatus status) {
        if (status != TenantStatus.ACTIVE && status != TenantStatus.SUSPENDED) {
            throw new IllegalArgumentException("An operator sets ACTIVE or SUSPENDED, not " + status);
        }
        TenantRecord current = registry.find(tenantId).orElseThrow(() -> new TenantNotFoundException(tenantId));
        return inTenant(operator, tenantId, current.auditShards(), "tenant.status", (audit, permit) -> {
            audit.detail("previousStatus", current.status().name());
            audit.detail("newStatus", status.name());
            refuseIfPurge(audit, current, status);
            audit.writeAhead(permit, 200);
            TenantRecord changed = registry.transition(permit, tenantId, EnumSet.of(TenantStatus.ACTIVE,
                    TenantStatus.SUSPENDED, TenantStatus.OFFBOARDING), status, null, clock.instant());
            updateGateway(tenantId, () -> usageKeys.setEnabled(tenantId, changed.usageKey(),
                    status == TenantStatus.ACTIVE));
            return changed;
        });
    }

    /**
     * Starts a tenant's offboarding: status OFFBOARDING, purgeable after the grace period. Its members keep
     * {@code GET /me} and {@code GET /export} (its API key stays enabled for them) until it is purged, or reactivated
     * ({@link #changeStatus} to ACTIVE). Offboarding an offboarding tenant changes nothing: its grace period is not
     * extended.
     *
     * @throws TenantNotFoundException       when no such tenant is registered
     * @throws TenantStatusConflictException when its purge began; audited, nothing changed
     * @throws GatewayNotUpdatedException   when the change is stored but the key or the cache could not be updated
     */
    public TenantRecord offboard(OperatorContext operator, TenantId tenantId) {
        TenantRecord current = registry.find(tenantId).orElseThrow(() -> new TenantNotFoundException(tenantId));
        return inTenant(operator, tenantId, current.auditShards(), "tenant.offboard", (audit, permit) -> {
            audit.detail("previousStatus", current.status().name());
            refuseIfPurge(audit, current, TenantStatus.OFFBOARDING);
            if (current.status() == TenantStatus.OFFBOARDING) {
                audit.detail("purgeAfter", current.purgeAfter().toString());
                audit.complete(200, null);
                return current;
            }
            Instant now = clock.instant();
            Instant purgeAfter = now.plus(lifecycle.grace());
            audit.detail("purgeAfter", purgeAfter.toString());
            audit.writeAhead(permit, 200);
            TenantRecord changed = registry.transition(permit, tenantId, EnumSet.of(TenantStatus.ACTIVE,
                    TenantStatus.SUSPENDED), TenantStatus.OFFBOARDING, purgeAfter, now);
            // enabled for the export, also when the tenant was suspended before
            updateGateway(tenantId, () -> usageKeys.setEnabled(tenantId, changed.usageKey(), true));
            return changed;
        });
    }

    /**
     * What a purge round did.
     *
     * @param tenant  the tenant as stored afterwards: PURGED when it was the last round, else PURGING
     * @param deleted what the round deleted, by kind
     */
    public record PurgeResult(TenantRecord tenant, TenantPurge.Plan deleted) {
    }

    /**
     * Runs one round of a tenant's purge: refused (409) before its grace period is over or for a tenant that is not
     * offboarding; else the tenant becomes PURGING (its members are refused at ingress, its key disabled), and the round
     * deletes up to its item count with the tenant's own scoped data access. The last round takes its API key out of
     * its usage plan and deletes it, and marks it PURGED: a tombstone whose id is retired, its audit trail kept. A round
     * that leaves items continues by itself ({@link PurgeContinuation}). Each round is one audit event in the tenant's
     * trail, written before it deletes, with what it deletes; a purged tenant's purge is answered as it is, deleting
     * nothing.
     *
     * @throws TenantNotFoundException       when no such tenant is registered
     * @throws GracePeriodNotOverException   before its {@code purgeAfter}; audited, nothing deleted
     * @throws TenantStatusConflictException when it is not offboarding (or purging); audited, nothing deleted
     */
    public PurgeResult purge(OperatorContext operator, TenantId tenantId) {
        TenantRecord current = registry.find(tenantId).orElseThrow(() -> new TenantNotFoundException(tenantId));
        return inTenant(operator, tenantId, current.auditShards(), "tenant.purge", (audit, permit, context, db) -> {
            audit.detail("previousStatus", current.status().name());
            TenantPurge.Plan nothing = new TenantPurge.Plan(List.of(), 0, 0, 0, 0, true);
            if (current.status() == TenantStatus.PURGED) {
                detail(audit, nothing);
                audit.complete(200, null);
                return new PurgeResult(current, nothing);
            }
            if (current.status() != TenantStatus.OFFBOARDING && current.status() != TenantStatus.PURGING) {
                audit.deny("NOT_OFFBOARDING");
                audit.complete(409, ErrorCode.CONFLICT.wireCode());
                throw new TenantStatusConflictException("The tenant is " + current.status()
                        + ": offboard it first, and purge it once its grace period is over.");
            }
            if (clock.instant().isBefore(current.purgeAfter())) {
                audit.detail("purgeAfter", current.purgeAfter().toString());
                audit.deny(ErrorCode.GRACE_PERIOD_NOT_OVER.wireCode());
                audit.complete(409, ErrorCode.GRACE_PERIOD_NOT_OVER.wireCode());
                throw new GracePeriodNotOverException(current.purgeAfter());
            }
            TenantDynamoDb data = lifecycle.purgeAccess().open(context);
            TenantPurge.Plan plan = lifecycle.purge().plan(data);
            detail(audit, plan);
            audit.writeAhead(permit, plan.complete() ? 200 : 202);
            TenantRecord purging = current;
            if (current.status() == TenantStatus.OFFBOARDING) {
                purging = registry.transition(permit, tenantId, EnumSet.of(TenantStatus.OFFBOARDING),
                        TenantStatus.PURGING, null, clock.instant());
                TenantRecord stopped = purging;
                // no member request may write while the data goes: the key off, no cached Allow left
                updateGateway(tenantId, () -> usageKeys.setEnabled(tenantId, stopped.usageKey(), false));
            }
            lifecycle.purge().delete(data, permit, plan);
            if (!plan.complete()) {
                lifecycle.continuation().schedule(operator.subject(), tenantId);
                return new PurgeResult(purging, plan);
            }
            TenantRecord retiring = purging;
            updateGateway(tenantId, () -> usageKeys.retire(tenantId, retiring.usageKey(), retiring.tier()));
            TenantRecord purged = registry.transition(permit, tenantId, EnumSet.of(TenantStatus.PURGING,
                    TenantStatus.PURGED), TenantStatus.PURGED, null, clock.instant());
            return new PurgeResult(purged, plan);
        });
    }

    /**
     * The next round of a purge that an operator started: only a PURGING tenant's, so that a continuation can never
     * begin a purge (whoever could invoke it).
     *
     * @param operator the operator who started the purge, the actor of this round's event
     * @return the round's result; empty when the tenant is not PURGING (finished, or never started): nothing is done
     */
    public Optional<PurgeResult> continuePurge(OperatorContext operator, TenantId tenantId) {
        Optional<TenantRecord> current = registry.find(tenantId);
        if (current.isEmpty() || current.get().status() != TenantStatus.PURGING) {
            return Optional.empty();
        }
        return Optional.of(purge(operator, tenantId));
    }

    /** What a purge round deletes, in its audit event. */
    private static void detail(RequestAudit audit, TenantPurge.Plan plan) {
        audit.detail("deletedRecords", Integer.toString(plan.records()));
        audit.detail("deletedExecutions", Integer.toString(plan.executions()));
        audit.detail("deletedNamespaces", Integer.toString(plan.namespaces()));
        audit.detail("deletedOtherItems", Integer.toString(plan.otherItems()));
        audit.detail("purgeComplete", Boolean.toString(plan.complete()));
    }

    /**
     * Moves a tenant to another tier: its API key into that tier's usage plan (added to the new before it leaves the
     * old), its audit shards raised to the tier's starting count if they are lower (never lowered), the authorizer
     * cache flushed (cached contexts carry the shard count).
     *
     * @throws TenantNotFoundException       when no such tenant is registered
     * @throws TenantStatusConflictException when its purge began; audited, nothing changed
     * @throws GatewayNotUpdatedException   when the tier is stored but the key could not be moved yet: repeat it
     */
    public TenantRecord changeTier(OperatorContext operator, TenantId tenantId, Tier tier) {
        TenantRecord current = registry.find(tenantId).orElseThrow(() -> new TenantNotFoundException(tenantId));
        return inTenant(operator, tenantId, current.auditShards(), "tenant.tier", (audit, permit) -> {
            audit.detail("previousTier", current.tier().wireName());
            audit.detail("newTier", tier.wireName());
            refuseIfPurge(audit, current, current.status());
            audit.writeAhead(permit, 200);
            Instant now = clock.instant();
            TenantRecord changed = registry.changeTier(permit, tenantId, tier, now);
            if (changed.auditShards().count() < tier.defaultAuditShards().count()) {
                changed = registry.raiseAuditShards(permit, tenantId, tier.defaultAuditShards(), now);
            }
            updateGateway(tenantId, () -> usageKeys.changeTier(tenantId, current.usageKey(), current.tier(), tier));
            return changed;
        });
    }

    /**
     * Counts a tenant's requests in a period from its own audit partitions ({@link TenantUsage}); audited like every
     * operator request, and not counted itself (it is no request of the tenant's).
     *
     * @throws TenantNotFoundException when no such tenant is registered
     */
    public TenantUsage.Usage usage(OperatorContext operator, TenantId tenantId, Instant from, Instant to) {
        TenantRecord current = registry.find(tenantId).orElseThrow(() -> new TenantNotFoundException(tenantId));
        return inTenant(operator, tenantId, current.auditShards(), "tenant.usage", (audit, permit, context, db) -> {
            audit.detail("from", from.toString());
            audit.detail("to", to.toString());
            TenantUsage.Usage counted = usage.count(db, from, to);
            audit.complete(200, null);
            return counted;
        });
    }

    /** A tenant whose purge began is never changed back: the refusal is audited (409), nothing is changed. */
    private static void refuseIfPurge(RequestAudit audit, TenantRecord current, TenantStatus requested) {
        if (current.status().isPurge()) {
            audit.deny("PURGE_BEGAN");
            audit.complete(409, ErrorCode.CONFLICT.wireCode());
            throw new TenantStatusConflictException(current.status(), requested);
        }
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
    private <T> T inTenant(OperatorContext operator, TenantId tenantId, AuditShards auditShards, String action,
                           BiFunction<RequestAudit, Permit, T> operation) {
        return inTenant(operator, tenantId, auditShards, action,
                (audit, permit, context, db) -> operation.apply(audit, permit));
    }

    /** An operation in a tenant's execution context, given also the context and its audit data access. */
    @FunctionalInterface
    private interface InTenant<T> {
        T run(RequestAudit audit, Permit permit, ExecutionContext context, TenantDynamoDb db);
    }

    private <T> T inTenant(OperatorContext operator, TenantId tenantId, AuditShards auditShards, String action,
                           InTenant<T> operation) {
        // the operator's own subject: its kind is recorded as PLATFORM_OPERATOR, never encoded in the subject
        TenantContext acting = new TenantContext(tenantId, operator.subject(), Set.of(), operator.requestId(),
                auditShards);
        try (ExecutionContext context = ExecutionContext.open(acting, null, clock.instant())) {
            TenantDynamoDb db = access.open(context);
            RequestAudit audit = new RequestAudit(db, ids, clock, action,
                    AuditEvent.ActorType.PLATFORM_OPERATOR, retention, written);
            // the control plane never reads the tenant's policy: its retention marks say how long to keep the event
            audit.retainAsMarked(Duration.ofDays(PolicyModel.MAX_RETENTION_DAYS));
            audit.resource(tenantId.value());
            Permit permit = governance.permit(action, operator.requestId());
            audit.allow(permit);
            return operation.run(audit, permit, context, db);
        }
    }
}
