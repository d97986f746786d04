package com.execalc.ingress;

import com.execalc.errors.ErrorCode;
import com.execalc.errors.ExecalcException;

/**
 * The issuer's signing keys (its JWKS) could not be fetched, and no keys fetched earlier may still be used, so no token
 * can be verified. Like an unreadable tenant registry, this decides nothing: not a 401 (the token may well be valid)
 * and not a Deny that API Gateway would cache, but an authorizer failure, which reaches the client as a retryable 503.
 */
public final class SigningKeysUnavailableException extends ExecalcException {

    public SigningKeysUnavailableException(Throwable cause) {
        super(ErrorCode.SERVICE_UNAVAILABLE, "The issuer's signing keys could not be fetched", cause);
    }
}
