package com.execalc.data;

import com.execalc.tenancy.RecordId;

/** Thrown when {@code If-Match} names a version that is not the record's current one, or the record is absent (412). */
public final class VersionMismatchException extends RuntimeException {

    public VersionMismatchException(RecordId id, long expected) {
        super("Record '" + id + "' is not at version " + expected + ".");
    }
}
