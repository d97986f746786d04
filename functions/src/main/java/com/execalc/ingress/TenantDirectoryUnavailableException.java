package com.execalc.ingress;

/**
 * The tenant directory could not be read, so the caller's tenant standing is unknown. The request is refused, but not
 * with a Deny: API Gateway caches a Deny for the token's whole cache lifetime, while an authorizer failure is not
 * cached and reaches the client as a retryable 503 ({@link GatewayResponse#AUTHORIZER_CONFIGURATION_ERROR}).
 */
public final class TenantDirectoryUnavailableException extends RuntimeException {

    public TenantDirectoryUnavailableException(Throwable cause) {
        super("The tenant directory could not be read", cause);
    }
}
