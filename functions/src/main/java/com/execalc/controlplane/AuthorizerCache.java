package com.execalc.controlplane;

/**
 * The gateway's cache of authorizer decisions, which the control plane empties when a tenant's standing changes (its
 * status, its audit shard count), so that no cached Allow outlives a suspension and no cached context carries a stale
 * shard count. It keeps decisions per {@code Authorization} header, for every tenant: emptying it is all or nothing.
 */
@FunctionalInterface
public interface AuthorizerCache {

    /**
     * Forgets every cached decision of the stage: the next request of every token, of every tenant, runs the
     * authorizer again.
     */
    void flush();
}
