package com.execalc.data;

/**
 * Thrown when a namespace creation that governance allowed finds every namespace slot of the tenant taken (concurrent
 * creators took the last ones): nothing is created, and the answer is governance's at the limit (422).
 */
public final class NamespaceLimitReachedException extends RuntimeException {

    public NamespaceLimitReachedException(int limit) {
        super("The tenant reached its limit of " + limit + " namespaces.");
    }
}
