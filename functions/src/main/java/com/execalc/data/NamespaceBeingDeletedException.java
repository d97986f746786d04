package com.execalc.data;

import com.execalc.tenancy.NamespaceId;

/** Thrown when a request writes into a namespace while it is being deleted (409). */
public final class NamespaceBeingDeletedException extends RuntimeException {

    public NamespaceBeingDeletedException(NamespaceId namespace) {
        super("Namespace '" + namespace + "' is being deleted.");
    }
}
