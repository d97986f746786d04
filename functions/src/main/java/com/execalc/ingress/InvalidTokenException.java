package com.execalc.ingress;

import com.execalc.errors.ErrorCode;
import com.execalc.errors.ExecalcException;

/**
 * Thrown when a bearer token is missing, malformed, badly signed, expired, not yet valid, for another issuer or
 * audience, or does not name exactly one principal. Answered with 401. The message never contains the token.
 */
public final class InvalidTokenException extends ExecalcException {

    public InvalidTokenException(String reason) {
        super(ErrorCode.UNAUTHENTICATED, reason);
    }

    public InvalidTokenException(String reason, Throwable cause) {
        super(ErrorCode.UNAUTHENTICATED, reason, cause);
    }
}
