package com.execalc.tenancy;

import com.execalc.errors.ErrorCode;
import com.execalc.errors.ExecalcException;

/** Thrown when code uses an execution context after its request has ended. */
public final class ExecutionContextClosedException extends ExecalcException {

    public ExecutionContextClosedException(String requestId) {
        super(ErrorCode.INTERNAL, "The execution context of request " + requestId + " is closed.");
    }
}
