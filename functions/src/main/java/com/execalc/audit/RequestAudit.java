package com.execalc.audit;

import com.execalc.access.TenantDynamoDb;
import com.execalc.governance.Permit;
import com.execalc.tenancy.TenantContext;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * The audit event of one request, written exactly once: ahead of a mutation by {@link #writeAhead}, or when the
 * request ends by {@link #complete} if nothing was written before. Only a request that governance allowed records an
 * ALLOW, and only with the {@link Permit} governance gave it: writing ahead takes that permit. Lives as long as its
 * request; not thread-safe.
 */
public final class RequestAudit {

    private final TenantDynamoDb db;
    private final EventIds ids;
    private final Clock clock;
    private final String action;
    private final AuditEvent.ActorType actorType;
    private String resource = "";
    private AuditEvent.Decision decision;
    private String reason;
    private final Map<String, String> details = new LinkedHashMap<>();
    private Duration retention;
    private String writtenEventId;
    private Permit permit;
    private final Consumer<AuditEvent> written;

    /**
     * @param actorType what kind of caller the context's subject is: the writer knows, a subject cannot say
     * @param retention how long this request's event is kept unless the tenant's policy asks for longer
     * @param written   told about the event once it is stored, e.g. to log it
     */
    public RequestAudit(TenantDynamoDb db, EventIds ids, Clock clock, String action, AuditEvent.ActorType actorType,
                        Duration retention, Consumer<AuditEvent> written) {
        this.db = db;
        this.ids = ids;
        this.clock = clock;
        this.action = action;
        this.actorType = Objects.requireNonNull(actorType, "actorType");
        this.retention = retention;
        this.written = written;
    }

    /** Names what the request acts on, e.g. {@code orders/42}. */
    public void resource(String resource) {
        this.resource = resource;
    }

    /**
     * Records that governance allowed the request, for the reason its permit gives.
     *
     * @throws IllegalStateException when the permit was given for another action or another request
     */
    public void allow(Permit permit) {
        if (!permit.action().equals(action) || !permit.requestId().equals(db.context().tenant().requestId())) {
            throw new IllegalStateException(permit + " does not allow " + action + " for this request");
        }
        this.permit = permit;
        this.decision = AuditEvent.Decision.ALLOW;
        this.reason = permit.reason();
    }

    /** Records a denial; it overrides an earlier allow (a refusal found later still denies the request). */
    public void deny(String reason) {
        this.decision = AuditEvent.Decision.DENY;
        this.reason = reason;
    }

    /** Adds a payload-free fact to the event, e.g. the previous policy of a policy change. */
    public void detail(String key, String value) {
        details.put(key, value);
    }

    /** Keeps this request's event at least {@code longer}, e.g. the tenant's effective audit retention. */
    public void retainFor(Duration longer) {
        if (longer.compareTo(retention) > 0) {
            retention = longer;
        }
    }

    /**
     * Keeps this request's event at least as long as the tenant's retention marks ask
     * ({@link AuditTrail#longestRetention}): for the writers that do not read the tenant's policy. Fails safe: when
     * the marks cannot be read, the event is kept {@code ifUnreadable}, which must be the longest retention any
     * policy may ask for, so that it is never kept shorter than the tenant asked.
     */
    public void retainAsMarked(Duration ifUnreadable) {
        OptionalInt marked;
        try {
            marked = AuditTrail.longestRetention(db);
        } catch (RuntimeException unreadable) {
            retainFor(ifUnreadable);
            return;
        }
        marked.ifPresent(days -> retainFor(Duration.ofDays(days)));
    }

    /** The decision recorded so far: ALLOW, DENY, or null before any. */
    public String decision() {
        return decision == null ? null : decision.name();
    }

    public boolean isWritten() {
        return writtenEventId != null;
    }

    /**
     * Writes the event of an allowed mutation before its data write.
     *
     * @param permit  the permit this request's allow recorded
     * @param outcome the status the request answers when its write commits
     * @return the event id, which the data item must carry
     * @throws AuditUnavailableException when the event cannot be written; the caller must not touch the data
     * @throws IllegalStateException     when the request is not (or no longer) allowed, or by another permit
     */
    public String writeAhead(Permit permit, int outcome) {
        if (decision != AuditEvent.Decision.ALLOW || permit != this.permit) {
            throw new IllegalStateException("Only a request allowed by this permit writes ahead");
        }
        return write(outcome);
    }

    /**
     * Writes the event when the request ends, unless it was written ahead.
     *
     * @param outcome     the status the request answers
     * @param failureCode the error code when the request failed before any decision, else {@code null}
     * @throws AuditUnavailableException when the event cannot be written
     */
    public void complete(int outcome, String failureCode) {
        if (isWritten()) {
            return;
        }
        if (decision == null) {
            deny(failureCode == null ? "UNDECIDED" : failureCode);
        }
        write(outcome);
    }

    private String write(int outcome) {
        if (isWritten()) {
            throw new IllegalStateException("A request has exactly one audit event");
        }
        TenantContext tenant = db.context().tenant();
        Instant now = clock.instant();
        AuditEvent event = new AuditEvent(ids.next(now), now, tenant.tenantId(), tenant.subject(), actorType,
                tenant.roles(), action, resource, decision, reason, tenant.requestId(), outcome, details);
        try {
            AuditTrail.append(db, event, retention);
        } catch (RuntimeException e) {
            throw new AuditUnavailableException(tenant.requestId(), e);
        }
        writtenEventId = event.eventId();
        written.accept(event);
        return writtenEventId;
    }
}
