package com.execalc.tenancy;

/**
 * Thrown when a client's precondition does not hold: {@code If-Match} names a version that is not the current one, or
 * names something that does not exist (412). Nothing is changed.
 */
public final class PreconditionFailedException extends RuntimeException {

    public PreconditionFailedException(String what, long expectedVersion) {
        super(what + " is not at version " + expectedVersion + ".");
    }
}
