package com.execalc.data;

/**
 * Thrown when a namespace creation that governance allowed finds, once written, that concurrent creations took the
 * tenant past its namespace limit; the namespace is taken back out (422).
 */
public final class NamespaceLimitReachedException extends RuntimeException {

    public NamespaceLimitReachedException(int limit) {
        super("The tenant reached its limit of " + limit + " namespaces.");
    }
}
