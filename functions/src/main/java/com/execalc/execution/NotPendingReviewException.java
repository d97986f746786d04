package com.execalc.execution;

import com.execalc.errors.ErrorCode;
import com.execalc.errors.ExecalcException;
import com.execalc.tenancy.ExecutionId;

/** Thrown when a review's write finds the execution no longer in ESCALATE: a racing review completed it first (409). */
public final class NotPendingReviewException extends ExecalcException {

    public NotPendingReviewException(ExecutionId id, ExecutionBoundary.Status status, Throwable cause) {
        super(ErrorCode.NOT_PENDING_REVIEW, "Execution '" + id + "' is " + status
                + " now, no longer waiting for review.", cause);
    }
}
