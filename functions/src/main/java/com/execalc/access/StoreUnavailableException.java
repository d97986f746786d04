package com.execalc.access;

import com.execalc.errors.ErrorCode;
import com.execalc.errors.ExecalcException;

/**
 * Thrown when DynamoDB cannot be reached or keeps throttling after the SDK's bounded retries (503). Whatever the request
 * meant to change is either fully written or not at all: every write is one conditional item write.
 */
public final class StoreUnavailableException extends ExecalcException {

    /** @param cause what the SDK threw: kept with the failure, never shown to the caller */
    public StoreUnavailableException(Throwable cause) {
        super(ErrorCode.SERVICE_UNAVAILABLE, "The data store is unavailable. Retry later.", cause);
    }
}
