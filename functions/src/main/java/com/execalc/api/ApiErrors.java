package com.execalc.api;

import com.execalc.access.StoreUnavailableException;
import com.execalc.access.TenantBoundaryViolationException;
import com.execalc.audit.AuditUnavailableException;
import com.execalc.controlplane.GatewayNotUpdatedException;
import com.execalc.controlplane.NotPlatformOperatorException;
import com.execalc.controlplane.TenantAlreadyExistsException;
import com.execalc.controlplane.TenantNotFoundException;
import com.execalc.data.ConcurrentModificationException;
import com.execalc.data.NamespaceBeingCreatedException;
import com.execalc.data.NamespaceBeingDeletedException;
import com.execalc.data.NamespaceLimitReachedException;
import com.execalc.data.NamespaceNotEmptyException;
import com.execalc.data.NamespaceNotFoundException;
import com.execalc.data.RecordNotFoundException;
import com.execalc.execution.ExecutionNotFoundException;
import com.execalc.governance.Decision;
import com.execalc.governance.GovernanceDeniedException;
import com.execalc.governance.PolicyLoosensInvariantException;
import com.execalc.tenancy.InvalidInputException;
import com.execalc.tenancy.IsolationBreachException;
import com.execalc.tenancy.MissingTenantContextException;
import com.execalc.tenancy.PreconditionFailedException;
import com.execalc.tenancy.TenantMismatchException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one place that turns failures into the JSON error shape {@code {"error":{"code","message","requestId"}}}.
 *
 * <p>Known failures keep their message, which never holds a token or payload data. Anything unknown is a 500 with a
 * generic message: internal details stay in the logs.
 */
public final class ApiErrors {

    /**
     * A mapped failure.
     *
     * @param status  the HTTP status
     * @param code    a stable code
     * @param message the message to show
     * @param details extra fields of the error object, e.g. {@code violations}; may be empty
     */
    public record ApiError(int status, String code, String message, ObjectNode details) {
        public ApiError(int status, String code, String message) {
            this(status, code, message, null);
        }
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
        if (failure instanceof GovernanceDeniedException denied) {
            Decision.Denial denial = denied.decision().denial();
            String code = switch (denial) {
                case FORBIDDEN -> "FORBIDDEN";
                case TOO_LARGE -> "PAYLOAD_TOO_LARGE";
                case POLICY_LIMIT -> "POLICY_VIOLATION";
            };
            return new ApiError(denial.status(), code, failure.getMessage());
        }
        if (failure instanceof PolicyLoosensInvariantException loosening) {
            ObjectNode details = json.object();
            ArrayNode list = details.putArray("violations");
            loosening.violations().forEach(violation -> list.addObject()
                    .put("field", violation.field())
                    .<ObjectNode>set("requested", violation.requested())
                    .set("limit", violation.limit()));
            return new ApiError(422, "POLICY_LOOSENS_INVARIANT", failure.getMessage(), details);
        }
        if (failure instanceof NamespaceLimitReachedException) {
            return new ApiError(422, "POLICY_VIOLATION", failure.getMessage());
        }
        if (failure instanceof NamespaceNotFoundException || failure instanceof RecordNotFoundException
                || failure instanceof ExecutionNotFoundException) {
            return new ApiError(404, "NOT_FOUND", failure.getMessage());
        }
        if (failure instanceof NamespaceNotEmptyException) {
            return new ApiError(409, "NAMESPACE_NOT_EMPTY", failure.getMessage());
        }
        if (failure instanceof NamespaceBeingDeletedException || failure instanceof NamespaceBeingCreatedException
                || failure instanceof ConcurrentModificationException) {
            return new ApiError(409, "CONFLICT", failure.getMessage());
        }
        if (failure instanceof PreconditionFailedException) {
            return new ApiError(412, "PRECONDITION_FAILED", failure.getMessage());
        }
        if (failure instanceof AuditUnavailableException) {
            return new ApiError(503, "AUDIT_UNAVAILABLE",
                    "The request could not be audited, so nothing was done. Retry later.");
        }
        if (failure instanceof GatewayNotUpdatedException) {
            return new ApiError(503, "SERVICE_UNAVAILABLE", failure.getMessage());
        }
        if (failure instanceof StoreUnavailableException) {
            return new ApiError(503, "SERVICE_UNAVAILABLE", "The data store is unavailable. Retry later.");
        }
        if (failure instanceof TenantBoundaryViolationException) {
            return new ApiError(500, "TENANT_BOUNDARY_VIOLATION", "The request was refused to protect tenant isolation.");
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

    public ApiResponse toResponse(ApiError error, String requestId) {
        ObjectNode body = json.object();
        ObjectNode inner = body.putObject("error");
        inner.put("code", error.code());
        inner.put("message", error.message());
        inner.put("requestId", requestId);
        if (error.details() != null) {
            inner.setAll(error.details());
        }
        return ApiResponse.of(error.status(), body);
    }
}
