package com.execalc.controlplane;

import com.execalc.tenancy.TenantId;

/**
 * How a purge that needs more than one round goes on by itself: the next round runs in another invocation of the
 * control plane, started without waiting for it (deployed: the function invokes itself asynchronously; locally: a
 * thread of the local stack). A continuation can only finish what an operator started: it purges a tenant that is
 * PURGING, and nothing else.
 */
@FunctionalInterface
public interface PurgeContinuation {

    /**
     * Starts the next round of the tenant's purge, asynchronously.
     *
     * @param operator the operator who asked for the purge: the actor of the next round's audit event
     */
    void schedule(String operator, TenantId tenant);

    /** No continuation: each round waits for an operator's next call (tests that drive every round themselves). */
    static PurgeContinuation none() {
        return (operator, tenant) -> { };
    }
}
