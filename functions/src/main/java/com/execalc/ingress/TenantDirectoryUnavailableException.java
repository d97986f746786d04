package com.execalc.ingress;

import com.execalc.errors.ErrorCode;
import com.execalc.errors.ExecalcException;

/**
 * The tenant directory could not be read, so the caller's tenant standing is unknown. The request is refused, but not
 * with a Deny: API Gateway caches a Deny for the token's whole cache lifetime, while an authorizer failure is not
 * cached and reaches the client as a retryable 503 ({@link GatewayResponse#AUTHORIZER_CONFIGURATION_ERROR}).
 */
public final class TenantDirectoryUnavailableException extends ExecalcException {

    public TenantDirectoryUnavailableException(Throwable cause) {
        super(ErrorCode.SERVICE_UNAVAILABLE, "The tenant directory could not be read", cause);
    }
}
