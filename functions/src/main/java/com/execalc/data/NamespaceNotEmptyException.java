package com.execalc.data;

import com.execalc.tenancy.NamespaceId;

/** Thrown when a namespace that still holds records is deleted (409). */
public final class NamespaceNotEmptyException extends RuntimeException {

    public NamespaceNotEmptyException(NamespaceId namespace) {
        super("Namespace '" + namespace + "' still holds records; delete them first.");
    }
}
