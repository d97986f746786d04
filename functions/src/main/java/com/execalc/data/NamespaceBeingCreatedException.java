package com.execalc.data;

import com.execalc.errors.ErrorCode;
import com.execalc.errors.ExecalcException;
import com.execalc.tenancy.NamespaceId;

/**
 * Thrown when another request holds the namespace's slot and has not created it yet, or concurrent creators kept
 * changing the slots: nothing is created (409); a retry finds the namespace, or the slot free again.
 */
public final class NamespaceBeingCreatedException extends ExecalcException {

    public NamespaceBeingCreatedException(NamespaceId namespace) {
        super(ErrorCode.CONFLICT, "Namespace '" + namespace + "' is being created by another request; retry.");
    }
}
