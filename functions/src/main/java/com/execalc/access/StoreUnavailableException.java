package com.execalc.access;

/**
 * Thrown when DynamoDB cannot be reached or keeps throttling after the SDK's bounded retries (503). Whatever the request
 * meant to change is either fully written or not at all: every write is one conditional item write.
 */
public final class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
