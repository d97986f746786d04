package com.execalc.execution;

import com.execalc.errors.ErrorCode;
import com.execalc.errors.ExecalcException;
import com.execalc.tenancy.ExecutionId;

/**
 * Thrown when another review of the execution was written between this review's read and its write (409): this one
 * was decided against what it read, so it is not counted; read the execution again and repeat it.
 */
public final class ReviewConflictException extends ExecalcException {

    public ReviewConflictException(ExecutionId id, Throwable cause) {
        super(ErrorCode.CONFLICT, "Another review of execution '" + id + "' came first; read it again and repeat "
                + "yours.", cause);
    }
}
