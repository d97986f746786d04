package com.execalc.audit;

/**
 * Thrown when a request's audit event cannot be written. Nothing is acted on without its audit event, so the request
 * fails with 503 and, for a mutation, the data is not touched.
 */
public final class AuditUnavailableException extends RuntimeException {

    public AuditUnavailableException(String requestId, Throwable cause) {
        super("The audit event of request " + requestId + " could not be written.", cause);
    }
}
