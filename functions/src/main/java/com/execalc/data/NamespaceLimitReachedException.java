package com.execalc.data;

import com.execalc.errors.ErrorCode;
import com.execalc.errors.ExecalcException;

/**
 * Thrown when a namespace creation that governance allowed finds, once written, that concurrent creations took the
 * tenant past its namespace limit; the namespace is taken back out (422).
 */
public final class NamespaceLimitReachedException extends ExecalcException {

    public NamespaceLimitReachedException(int limit) {
        super(ErrorCode.POLICY_VIOLATION, "The tenant reached its limit of " + limit + " namespaces.");
    }
}
