package com.execalc.api;

import com.execalc.errors.ErrorCode;
import com.execalc.errors.ExecalcException;

/** Thrown when a request reaches a function that does not serve its method and resource (404). */
public final class RouteNotFoundException extends ExecalcException {

    public RouteNotFoundException() {
        super(ErrorCode.NOT_FOUND, "No such route.");
    }
}
