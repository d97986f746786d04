package com.execalc.tenancy;

/**
 * Thrown when a request reaches tenant code without a complete, well-formed tenant context from the authorizer. The
 * request fails closed: there is no execution without tenant context.
 */
public final class MissingTenantContextException extends RuntimeException {

    public MissingTenantContextException(String message) {
        super("No tenant context: " + message + ".");
    }

    public MissingTenantContextException(String message, Throwable cause) {
        super("No tenant context: " + message + ".", cause);
    }
}
