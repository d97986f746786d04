package com.execalc.ingress;

/** Which kind of principal a route serves. */
public enum Plane {
    /** Routes that act inside the caller's own tenant. */
    TENANT,
    /** Platform-operator routes that manage the tenant registry; never reachable with a tenant token. */
    CONTROL
}
