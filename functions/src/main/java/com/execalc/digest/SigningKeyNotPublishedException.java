package com.execalc.digest;

import com.execalc.errors.ErrorCode;
import com.execalc.errors.ExecalcException;

/** Thrown when the tenant has no published signing key yet (404): the digester has not digested its trail yet. */
public final class SigningKeyNotPublishedException extends ExecalcException {

    public SigningKeyNotPublishedException() {
        super(ErrorCode.NOT_FOUND, "No signing key is published for this tenant yet: its first digests are still to"
                + " come.");
    }
}
