package com.execalc.execution;

import com.execalc.tenancy.ExecutionId;
import com.execalc.tenancy.NamespaceId;

/** Thrown when the caller's namespace has no such execution (404), whether or not another tenant has one. */
public final class ExecutionNotFoundException extends RuntimeException {

    public ExecutionNotFoundException(NamespaceId namespace, ExecutionId id) {
        super("Execution '" + id + "' does not exist in namespace '" + namespace + "'.");
    }
}
