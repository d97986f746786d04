package com.execalc.observability;

/**
 * What one invocation learned about its request, filled in as it goes and written as one line at the end. Created per
 * invocation and never kept.
 */
public final class RequestOutcome {

    /** The decision of a request whose token was missing or invalid: no tenant was resolved. */
    public static final String UNAUTHENTICATED = "UNAUTHENTICATED";

    private String route = "";
    private String tenantId;
    private String decision;
    private String reason;

    public void route(String route) {
        this.route = route;
    }

    public void tenantId(String tenantId) {
        this.tenantId = tenantId;
    }

    /** ALLOW, DENY or {@link #UNAUTHENTICATED}. */
    public void decision(String decision) {
        this.decision = decision;
    }

    /** Why the request was refused, in words that never hold a token or a secret: a refused token's reason. */
    public void reason(String reason) {
        this.reason = reason;
    }

    String reason() {
        return reason;
    }

    String route() {
        return route;
    }

    String tenantId() {
        return tenantId;
    }

    String decision() {
        return decision;
    }
}
