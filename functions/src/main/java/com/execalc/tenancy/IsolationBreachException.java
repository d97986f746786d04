package com.execalc.tenancy;

/**
 * Thrown when the compute environment and the request disagree about the tenant: the function runs in Lambda
 * tenant-isolation mode for one tenant while the authorizer resolved another. The request fails closed (500) before any
 * data is touched.
 */
public final class IsolationBreachException extends RuntimeException {

    public IsolationBreachException(String message) {
        super(message);
    }
}
