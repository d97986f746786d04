package com.execalc.observability;

/**
 * What one invocation learned about its request, filled in as it goes and written as one line at the end. Created per
 * invocation and never kept.
 */
public final class RequestOutcome {

    private String route = "";
    private String tenantId;
    private String decision;

    public void route(String route) {
        this.route = route;
    }

    public void tenantId(String tenantId) {
        this.tenantId = tenantId;
    }

    /** ALLOW, DENY or UNAUTHENTICATED. */
    public void decision(String decision) {
        this.decision = decision;
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
