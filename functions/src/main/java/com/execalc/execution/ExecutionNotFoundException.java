package com.execalc.execution;

import com.execalc.errors.ErrorCode;
import com.execalc.errors.ExecalcException;
import com.execalc.tenancy.ExecutionId;
import com.execalc.tenancy.NamespaceId;

/** Thrown when the caller's namespace has no such execution (404), whether or not another tenant has one. */
public final class ExecutionNotFoundException extends ExecalcException {

    public ExecutionNotFoundException(NamespaceId namespace, ExecutionId id) {
        super(ErrorCode.NOT_FOUND, "Execution '" + id + "' does not exist in namespace '" + namespace + "'.");
    }
}
