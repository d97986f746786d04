package com.execalc.tenancy;

/** Thrown when a request names, anywhere a client controls, a tenant other than the one its token resolved to. */
public final class TenantMismatchException extends RuntimeException {

    public TenantMismatchException(String message) {
        super(message);
    }
}
