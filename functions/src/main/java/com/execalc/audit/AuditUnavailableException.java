package com.execalc.audit;

import com.execalc.errors.ErrorCode;
import com.execalc.errors.ExecalcException;

/**
 * Thrown when a request's audit event cannot be written. Nothing is acted on without its audit event, so the request
 * fails with 503 and, for a mutation, the data is not touched.
 */
public final class AuditUnavailableException extends ExecalcException {

    public AuditUnavailableException(String requestId, Throwable cause) {
        super(ErrorCode.AUDIT_UNAVAILABLE, "The audit event of request " + requestId + " could not be written.", cause);
    }
}
