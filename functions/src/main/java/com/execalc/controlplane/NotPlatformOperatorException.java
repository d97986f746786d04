package com.execalc.controlplane;

import com.execalc.errors.ErrorCode;
import com.execalc.errors.ExecalcException;

/** Thrown when anyone but a platform operator reaches a control-plane operation (403). */
public final class NotPlatformOperatorException extends ExecalcException {

    public NotPlatformOperatorException() {
        super(ErrorCode.FORBIDDEN, "Only platform operators may use the control plane.");
    }
}
