package com.execalc.api;

import com.execalc.errors.ErrorCode;
import com.execalc.errors.ExecalcException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * The one place that turns failures into the JSON error shape {@code {"error":{"code","message","requestId"}}}.
 *
 * <p>Failures are answered by their {@link ErrorCode}: its kind gives the status ({@link #status}), and the code says
 * whether the failure's own message (which never holds a token or payload data) or a fixed one is shown. Anything
 * that is not an {@link ExecalcException} is a 500 with a generic message: internal details stay in the logs.
 */
public final class ApiErrors {

    /**
     * A mapped failure.
     *
     * @param status  the HTTP status
     * @param code    a stable code
     * @param message the message to show
     * @param details extra fields of the error object, e.g. {@code violations}; or {@code null} for none
     */
    public record ApiError(int status, String code, String message, ObjectNode details) {
    }

    private final LambdaJson json;

    public ApiErrors(LambdaJson json) {
        this.json = json;
    }

    /**
     * The status, code and client-facing message of a failure, decided by its {@link ErrorCode} alone: a failure that
     * is not an {@link ExecalcException} (the SDK's, the JDK's) is {@link ErrorCode#INTERNAL}.
     */
    public ApiError classify(Throwable failure) {
        ErrorCode code = ExecalcException.codeOf(failure);
        Map<String, Object> details = failure instanceof ExecalcException known ? known.details() : Map.of();
        return new ApiError(status(code), code.wireCode(), code.messageFor(failure),
                details.isEmpty() ? null : json.tree(details));
    }

    /** The HTTP status of a code: the one place where a kind of failure becomes a number. */
    public static int status(ErrorCode code) {
        return switch (code.kind()) {
            case INVALID -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case PRECONDITION_FAILED -> 412;
            case TOO_LARGE -> 413;
            case UNPROCESSABLE -> 422;
            case UNAVAILABLE -> 503;
            case INTERNAL -> 500;
        };
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
