package com.execalc.api;

/** Thrown when a request reaches a function that does not serve its method and resource (404). */
public final class RouteNotFoundException extends RuntimeException {

    public RouteNotFoundException() {
        super("No such route.");
    }
}
