package com.execalc.ingress;

import java.util.Locale;
import java.util.Objects;

/**
 * API Gateway's own answers, the requests it refuses before or instead of a function, in the project's error shape
 * {@code {"error":{"code","message","requestId"}}}: the CDK app configures each as a gateway response of the same
 * type, and the local gateway answers with the same status, code and message, so the two cannot drift apart.
 *
 * <p>A Lambda authorizer that fails with any message but {@code Unauthorized}, that times out, or that returns an
 * invalid policy is an {@link #AUTHORIZER_CONFIGURATION_ERROR} to API Gateway (500 unless configured). The authorizer
 * fails on purpose when it cannot read the tenant registry or the issuer's signing keys: nothing may pass, and nothing
 * may be cached. That is a retryable 503 here, as is {@link #AUTHORIZER_FAILURE}.
 */
public enum GatewayResponse {
    UNAUTHORIZED(401, "UNAUTHENTICATED", "Missing or invalid bearer token."),
    EXPIRED_TOKEN(401, "UNAUTHENTICATED", "Missing or invalid bearer token."),
    ACCESS_DENIED(403, "FORBIDDEN", "The caller may not invoke this route."),
    INVALID_API_KEY(403, "FORBIDDEN", "The tenant has no usable API key: it is suspended or in no usage plan."),
    MISSING_AUTHENTICATION_TOKEN(404, "NOT_FOUND", "No such route."),
    RESOURCE_NOT_FOUND(404, "NOT_FOUND", "No such route."),
    THROTTLED(429, "THROTTLED", "Too many requests for this tenant's tier. Retry later."),
    QUOTA_EXCEEDED(429, "QUOTA_EXCEEDED", "This tenant's monthly request quota is used up."),
    REQUEST_TOO_LARGE(413, "PAYLOAD_TOO_LARGE", "The request is too large."),
    BAD_REQUEST_PARAMETERS(400, "INVALID_REQUEST", "A required request parameter is missing."),
    BAD_REQUEST_BODY(400, "INVALID_REQUEST", "The request body is invalid."),
    UNSUPPORTED_MEDIA_TYPE(415, "INVALID_REQUEST", "Unsupported media type."),
    AUTHORIZER_FAILURE(503, "SERVICE_UNAVAILABLE", "The service is unavailable. Retry later."),
    AUTHORIZER_CONFIGURATION_ERROR(503, "SERVICE_UNAVAILABLE", "The service is unavailable. Retry later."),
    INTEGRATION_FAILURE(502, "INTEGRATION_FAILURE", "The function failed."),
    INTEGRATION_TIMEOUT(504, "INTEGRATION_TIMEOUT", "The function did not answer in time."),
    /** Every other 4xx of API Gateway: its own status and message. */
    DEFAULT_4XX(null, "INVALID_REQUEST", null),
    /** Every other 5xx of API Gateway: its own status and message. */
    DEFAULT_5XX(null, "INTERNAL", null);

    private final Integer status;
    private final String code;
    private final String message;

    GatewayResponse(Integer status, String code, String message) {
        this.status = status;
        this.code = Objects.requireNonNull(code, "code");
        this.message = message;
    }

    /** The status answered, or {@code null} to keep API Gateway's own (the two defaults). */
    public Integer status() {
        return status;
    }

    /** The error code of the answer's body. */
    public String code() {
        return code;
    }

    /** A fixed message (nothing from the request is echoed), or {@code null} for API Gateway's own. */
    public String message() {
        return message;
    }

    /** The name in the CDK app's construct tree: {@code AUTHORIZER_FAILURE} is {@code AuthorizerFailure}. */
    public String constructId() {
        StringBuilder id = new StringBuilder();
        for (String word : name().split("_")) {
            id.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return id.toString();
    }
}
