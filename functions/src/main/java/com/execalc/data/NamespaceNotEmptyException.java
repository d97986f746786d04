package com.execalc.data;

import com.execalc.tenancy.NamespaceId;

/** Thrown when a namespace that still holds records or executions is deleted (409). */
public final class NamespaceNotEmptyException extends RuntimeException {

    public NamespaceNotEmptyException(NamespaceId namespace) {
        super("Namespace '" + namespace + "' still holds records or executions; delete its records first (executions are kept).");
    }
}
