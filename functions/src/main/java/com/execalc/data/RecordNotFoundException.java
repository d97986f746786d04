package com.execalc.data;

import com.execalc.errors.ErrorCode;
import com.execalc.errors.ExecalcException;
import com.execalc.tenancy.NamespaceId;
import com.execalc.tenancy.RecordId;

/** Thrown when the caller's namespace has no such record (404), whether or not another tenant has one by that id. */
public final class RecordNotFoundException extends ExecalcException {

    public RecordNotFoundException(NamespaceId namespace, RecordId id) {
        super(ErrorCode.NOT_FOUND, "Record '" + id + "' does not exist in namespace '" + namespace + "'.");
    }
}
