package com.execalc.api;

import com.execalc.controlplane.NotPlatformOperatorException;
import com.execalc.controlplane.TenantAlreadyExistsException;
import com.execalc.controlplane.TenantNotFoundException;
import com.execalc.tenancy.InvalidInputException;
import com.execalc.tenancy.IsolationBreachException;
import com.execalc.tenancy.MissingTenantContextException;
import com.execalc.tenancy.TenantMismatchException;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one place that turns failures into the JSON error shape {@code {"error":{"code","message","requestId"}}}.
 *
 * <p>Known failures keep their message, which never holds a token or payload data. Anything unknown is a 500 with a
 * generic message: internal details stay in the logs.
 */
public final class ApiErrors {

    /** A mapped failure: the status, a stable code, and the message to show. */
    public record ApiError(int status, String code, String message) {
    }

    private final LambdaJson json;

    public ApiErrors(LambdaJson json) {
        this.json = json;
    }

    /** The status, code and client-facing message of a failure. */
    public ApiError classify(Throwable failure) {
        if (failure instanceof InvalidInputException) {
            return new ApiError(400, "INVALID_REQUEST", failure.getMessage());
        }
        if (failure instanceof TenantMismatchException) {
            return new ApiError(403, "TENANT_MISMATCH", failure.getMessage());
        }
        if (failure instanceof NotPlatformOperatorException) {
            return new ApiError(403, "FORBIDDEN", failure.getMessage());
        }
        if (failure instanceof RouteNotFoundException || failure instanceof TenantNotFoundException) {
            return new ApiError(404, "NOT_FOUND", failure.getMessage());
        }
        if (failure instanceof TenantAlreadyExistsException) {
            return new ApiError(409, "CONFLICT", failure.getMessage());
        }
        if (failure instanceof MissingTenantContextException) {
            return new ApiError(500, "TENANT_CONTEXT_MISSING", "The request has no tenant context.");
        }
        if (failure instanceof IsolationBreachException) {
            return new ApiError(500, "ISOLATION_BREACH", "The request was refused to protect tenant isolation.");
        }
        return new ApiError(500, "INTERNAL", "The request could not be completed.");
    }

    /** The response for a failure. */
    public ApiResponse toResponse(Throwable failure, String requestId) {
        return toResponse(classify(failure), requestId);
    }

    public ApiResponse toResponse(ApiError error, String requestId) {
        ObjectNode body = json.object();
        ObjectNode inner = body.putObject("error");
        inner.put("code", error.code());
        inner.put("message", error.message());
        inner.put("requestId", requestId);
        return ApiResponse.of(error.status(), body);
    }
}
