package com.execalc.data;

import com.execalc.errors.ErrorCode;
import com.execalc.errors.ExecalcException;
import com.execalc.tenancy.NamespaceId;

/** Thrown when a namespace that still holds records or executions is deleted (409). */
public final class NamespaceNotEmptyException extends ExecalcException {

    public NamespaceNotEmptyException(NamespaceId namespace) {
        super(ErrorCode.NAMESPACE_NOT_EMPTY, "Namespace '" + namespace + "' still holds records or executions; delete its records first (executions are kept).");
    }
}
