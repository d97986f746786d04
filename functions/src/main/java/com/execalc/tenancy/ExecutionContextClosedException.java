package com.execalc.tenancy;

/** Thrown when code uses an execution context after its request has ended. */
public final class ExecutionContextClosedException extends IllegalStateException {

    public ExecutionContextClosedException(String requestId) {
        super("The execution context of request " + requestId + " is closed.");
    }
}
