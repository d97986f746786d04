package com.execalc.data;

import com.execalc.errors.ErrorCode;
import com.execalc.errors.ExecalcException;
import com.execalc.tenancy.RecordId;

/** Thrown when a record kept changing under a write through every retry (409); the client may simply retry. */
public final class ConcurrentModificationException extends ExecalcException {

    public ConcurrentModificationException(RecordId id, Throwable cause) {
        super(ErrorCode.CONFLICT, "Record '" + id + "' was changed concurrently; retry the request.", cause);
    }
}
