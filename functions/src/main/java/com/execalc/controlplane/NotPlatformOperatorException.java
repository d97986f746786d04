package com.execalc.controlplane;

/** Thrown when anyone but a platform operator reaches a control-plane operation (403). */
public final class NotPlatformOperatorException extends RuntimeException {

    public NotPlatformOperatorException() {
        super("Only platform operators may use the control plane.");
    }
}
