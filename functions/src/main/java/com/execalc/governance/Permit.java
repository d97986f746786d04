package com.execalc.governance;

import java.util.Objects;

/**
 * Governance's allowance of one request to take one action: the proof that the request was decided. Writing an audit
 * event ahead and every method that changes data take one, so "decided before any data is touched" is checked by the
 * compiler; only governance can make one (its constructor is package-private, and an architecture test refuses any
 * other construction).
 *
 * <p>A permit names the action and the request it was given for, so that it cannot be spent on another request's
 * audit event ({@link com.execalc.audit.RequestAudit} checks both).
 */
public final class Permit {

    private final String action;
    private final String reason;
    private final String requestId;

    Permit(String action, String reason, String requestId) {
        this.action = Objects.requireNonNull(action, "action");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.requestId = Objects.requireNonNull(requestId, "requestId");
    }

    /** The action allowed, as audit events name it, e.g. {@code record.put}. */
    public String action() {
        return action;
    }

    /** Why it was allowed: the reason of the audit event, e.g. {@code ROLE_ALLOWS_ACTION}. */
    public String reason() {
        return reason;
    }

    /** The request it was given for. */
    public String requestId() {
        return requestId;
    }

    @Override
    public String toString() {
        return "Permit[" + action + " for " + requestId + "]";
    }
}
