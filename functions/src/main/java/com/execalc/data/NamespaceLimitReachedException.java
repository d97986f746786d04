package com.execalc.data;

import com.execalc.errors.ErrorCode;
import com.execalc.errors.ExecalcException;

/**
 * Thrown when a namespace creation that governance allowed finds every namespace slot of the tenant taken (concurrent
 * creators took the last ones): nothing is created, and the answer is governance's at the limit (422).
 */
public final class NamespaceLimitReachedException extends ExecalcException {

    public NamespaceLimitReachedException(int limit) {
        super(ErrorCode.POLICY_VIOLATION, "The tenant reached its limit of " + limit + " namespaces.");
    }
}
