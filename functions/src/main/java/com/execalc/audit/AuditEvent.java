package com.execalc.audit;

import com.execalc.tenancy.TenantId;
import com.execalc.tenancy.TenantRole;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One audited request.
 *
 * @param eventId   unique and sortable by time
 * @param timestamp when the event was recorded
 * @param tenantId  whose request it was
 * @param actor     the subject of the caller's token ({@code sub}), exactly as the token has it
 * @param actorType what kind of caller {@code actor} names: the same subject may be a tenant member's and a platform
 *                  operator's, and only this field tells them apart
 * @param roles     the caller's roles
 * @param action    what was attempted, e.g. {@code record.put}
 * @param resource  what it was attempted on, e.g. {@code orders/42}; empty when nothing was named
 * @param decision  ALLOW or DENY
 * @param reason    a reason code, e.g. {@code ROLE_ALLOWS_ACTION}
 * @param requestId the API Gateway request id
 * @param outcome   the HTTP status of the request
 * @param details   small, payload-free facts, e.g. the previous and new policy of a policy change
 */
public record AuditEvent(String eventId, Instant timestamp, TenantId tenantId, String actor, ActorType actorType,
                         Set<TenantRole> roles, String action, String resource, Decision decision, String reason, String requestId,
                         int outcome, Map<String, String> details) {

    /** The two decisions an event can record. */
    public enum Decision {
        ALLOW,
        DENY
    }

    /**
     * Who can be the actor of an event. The kind is recorded by the code that writes the event (the tenant API and the
     * authorizer for members, the control plane for operators), never read from a token's subject.
     */
    public enum ActorType {
        /** A member of the event's tenant: the tenant API's requests, the authorizer's denials. */
        MEMBER,
        /** A platform operator acting on the tenant through the control plane. */
        PLATFORM_OPERATOR
    }

    public AuditEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(actorType, "actorType");
        roles = Set.copyOf(roles);
        Objects.requireNonNull(action, "action");
        resource = resource == null ? "" : resource;
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(requestId, "requestId");
        details = Map.copyOf(details);
    }
}
