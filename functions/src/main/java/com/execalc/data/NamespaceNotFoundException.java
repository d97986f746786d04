package com.execalc.data;

import com.execalc.tenancy.NamespaceId;

/** Thrown when the caller's tenant has no such namespace (404), whether or not another tenant has one by that name. */
public final class NamespaceNotFoundException extends RuntimeException {

    public NamespaceNotFoundException(NamespaceId namespace) {
        super("Namespace '" + namespace + "' does not exist.");
    }
}
