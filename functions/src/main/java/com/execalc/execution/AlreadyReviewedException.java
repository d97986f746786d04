package com.execalc.execution;

import com.execalc.errors.ErrorCode;
import com.execalc.errors.ExecalcException;
import com.execalc.tenancy.ExecutionId;

/** Thrown when a review's write finds the reviewer's own concurrent review of the execution already there (409). */
public final class AlreadyReviewedException extends ExecalcException {

    public AlreadyReviewedException(ExecutionId id, Throwable cause) {
        super(ErrorCode.ALREADY_REVIEWED, "You reviewed execution '" + id + "' already; each reviewer counts once.",
                cause);
    }
}
