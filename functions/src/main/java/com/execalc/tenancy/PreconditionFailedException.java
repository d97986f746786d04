package com.execalc.tenancy;

import com.execalc.errors.ErrorCode;
import com.execalc.errors.ExecalcException;

/**
 * Thrown when a client's precondition does not hold: {@code If-Match} names a version that is not the current one, or
 * names something that does not exist ({@code PRECONDITION_FAILED}). Nothing is changed.
 */
public final class PreconditionFailedException extends ExecalcException {

    public PreconditionFailedException(String what, long expectedVersion) {
        super(ErrorCode.PRECONDITION_FAILED, what + " is not at version " + expectedVersion + ".");
    }
}
