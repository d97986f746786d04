package com.execalc.controlplane;

import com.execalc.errors.ErrorCode;
import com.execalc.errors.ExecalcException;

/**
 * Thrown when a tenant's change is stored but the gateway could not be told (its authorizer cache not flushed, or the
 * tenant's API key not enabled or disabled): until it is, cached decisions may not reflect the change. Answered 503;
 * repeating the request is safe and finishes the job.
 */
public final class GatewayNotUpdatedException extends ExecalcException {

    public GatewayNotUpdatedException(String tenantId, Throwable cause) {
        super(ErrorCode.SERVICE_UNAVAILABLE, "The change of tenant " + tenantId + " is stored, but the gateway could not be updated yet: repeat the "
                + "request.", cause);
    }
}
