package com.execalc.data;

import com.execalc.errors.ErrorCode;
import com.execalc.errors.ExecalcException;
import com.execalc.tenancy.NamespaceId;

/** Thrown when the caller's tenant has no such namespace (404), whether or not another tenant has one by that name. */
public final class NamespaceNotFoundException extends ExecalcException {

    public NamespaceNotFoundException(NamespaceId namespace) {
        super(ErrorCode.NOT_FOUND, "Namespace '" + namespace + "' does not exist.");
    }
}
