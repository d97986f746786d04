package com.execalc.ingress;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every route of the public API, in one place: the handlers dispatch on it, the authorizer builds its policies from it,
 * the local gateway matches requests against it and the CDK app creates its API Gateway resources from it.
 */
public enum Route {
    WHO_AM_I("GET", "/me", Plane.TENANT),
    LIST_NAMESPACES("GET", "/namespaces", Plane.TENANT),
    PUT_NAMESPACE("PUT", "/namespaces/{ns}", Plane.TENANT),
    DELETE_NAMESPACE("DELETE", "/namespaces/{ns}", Plane.TENANT),
    LIST_RECORDS("GET", "/namespaces/{ns}/records", Plane.TENANT),
    PUT_RECORD("PUT", "/namespaces/{ns}/records/{id}", Plane.TENANT),
    GET_RECORD("GET", "/namespaces/{ns}/records/{id}", Plane.TENANT),
    DELETE_RECORD("DELETE", "/namespaces/{ns}/records/{id}", Plane.TENANT),
    RUN_EXECUTION("POST", "/namespaces/{ns}/executions", Plane.TENANT),
    GET_EXECUTION("GET", "/namespaces/{ns}/executions/{id}", Plane.TENANT),
    LIST_EXECUTIONS("GET", "/namespaces/{ns}/executions", Plane.TENANT),
    REVIEW_EXECUTION("POST", "/namespaces/{ns}/executions/{id}/reviews", Plane.TENANT),
    GET_POLICY("GET", "/governance/policy", Plane.TENANT),
    PUT_POLICY("PUT", "/governance/policy", Plane.TENANT),
    QUERY_AUDIT("GET", "/audit", Plane.TENANT),
    EXPORT("GET", "/export", Plane.TENANT),
    LIST_AUDIT_DIGESTS("GET", "/audit/digests", Plane.TENANT),
    GET_AUDIT_SIGNING_KEY("GET", "/audit/signing-key", Plane.TENANT),

    CREATE_TENANT("POST", "/tenants", Plane.CONTROL),
    GET_TENANT("GET", "/tenants/{tenantId}", Plane.CONTROL),
    UPDATE_TENANT("PATCH", "/tenants/{tenantId}", Plane.CONTROL),
    OFFBOARD_TENANT("POST", "/tenants/{tenantId}/offboard", Plane.CONTROL),
    PURGE_TENANT("POST", "/tenants/{tenantId}/purge", Plane.CONTROL),
    TENANT_USAGE("GET", "/tenants/{tenantId}/usage", Plane.CONTROL);

    private final String method;
    private final String resourcePath;
    private final Plane plane;
    private final String policyPath;

    Route(String method, String resourcePath, Plane plane) {
        this.method = method;
        this.resourcePath = resourcePath;
        this.plane = plane;
        this.policyPath = resourcePath.replaceAll("\\{[^/}]+}", "*");
    }

    /** The HTTP method, upper case. */
    public String method() {
        return method;
    }

    /** The API Gateway resource path, with {@code {name}} for path parameters. */
    public String resourcePath() {
        return resourcePath;
    }

    public Plane plane() {
        return plane;
    }

    /** The resource path as an IAM policy names it: every path parameter is {@code *}. */
    public String policyPath() {
        return policyPath;
    }

    /** The route API Gateway matched, from the event's {@code httpMethod} and {@code resource}. */
    public static Optional<Route> of(String method, String resourcePath) {
        return Arrays.stream(values())
                .filter(route -> route.method.equals(method) && route.resourcePath.equals(resourcePath))
                .findFirst();
    }
}
