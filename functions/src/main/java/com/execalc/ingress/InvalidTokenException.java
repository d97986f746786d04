package com.execalc.ingress;

/**
 * Thrown when a bearer token is missing, malformed, badly signed, expired, not yet valid, for another issuer or
 * audience, or does not name exactly one principal. Answered with 401. The message never contains the token.
 */
public final class InvalidTokenException extends RuntimeException {

    public InvalidTokenException(String reason) {
        super(reason);
    }

    public InvalidTokenException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
