package com.execalc.tenancy;

import com.execalc.errors.ErrorCode;
import com.execalc.errors.ExecalcException;

/**
 * Thrown when a request reaches tenant code without a complete, well-formed tenant context from the authorizer. The
 * request fails closed: there is no execution without tenant context.
 */
public final class MissingTenantContextException extends ExecalcException {

    public MissingTenantContextException(String message) {
        super(ErrorCode.TENANT_CONTEXT_MISSING, "No tenant context: " + message + ".");
    }

    public MissingTenantContextException(String message, Throwable cause) {
        super(ErrorCode.TENANT_CONTEXT_MISSING, "No tenant context: " + message + ".", cause);
    }
}
