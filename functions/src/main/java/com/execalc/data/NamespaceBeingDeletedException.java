package com.execalc.data;

import com.execalc.errors.ErrorCode;
import com.execalc.errors.ExecalcException;
import com.execalc.tenancy.NamespaceId;

/** Thrown when a request writes into a namespace while it is being deleted (409). */
public final class NamespaceBeingDeletedException extends ExecalcException {

    public NamespaceBeingDeletedException(NamespaceId namespace) {
        super(ErrorCode.CONFLICT, "Namespace '" + namespace + "' is being deleted.");
    }
}
