package com.execalc.tenancy;

import com.execalc.errors.ErrorCode;
import com.execalc.errors.ExecalcException;

/**
 * Thrown when the compute environment and the request disagree about the tenant: the function runs in Lambda
 * tenant-isolation mode for one tenant while the authorizer resolved another. The request fails closed ({@code ISOLATION_BREACH}) before any
 * data is touched.
 */
public final class IsolationBreachException extends ExecalcException {

    public IsolationBreachException(String message) {
        super(ErrorCode.ISOLATION_BREACH, message);
    }
}
