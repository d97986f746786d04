package com.execalc.tenancy;

import com.execalc.errors.ErrorCode;
import com.execalc.errors.ExecalcException;

/**
 * Thrown when a client's precondition does not hold: {@code If-Match} names no current version (or there is none), or
 * {@code If-None-Match: *} meets an existing one ({@code PRECONDITION_FAILED}). Nothing is changed.
 */
public final class PreconditionFailedException extends ExecalcException {

    /** @param message what did not hold, e.g. "Record 'r1' is not at a version If-Match names." */
    public PreconditionFailedException(String message) {
        super(ErrorCode.PRECONDITION_FAILED, message);
    }
}
