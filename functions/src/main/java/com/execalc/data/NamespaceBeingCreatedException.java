package com.execalc.data;

import com.execalc.tenancy.NamespaceId;

/**
 * Thrown when another request holds the namespace's slot and has not created it yet, or concurrent creators kept
 * changing the slots: nothing is created (409); a retry finds the namespace, or the slot free again.
 */
public final class NamespaceBeingCreatedException extends RuntimeException {

    public NamespaceBeingCreatedException(NamespaceId namespace) {
        super("Namespace '" + namespace + "' is being created by another request; retry.");
    }
}
