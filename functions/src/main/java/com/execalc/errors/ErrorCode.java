package com.execalc.errors;

/**
 * Every way a request can fail, each with its stable wire code (the {@code code} of the JSON error) and its kind. The
 * HTTP status of each kind is decided in one place, by the API's error mapping.
 */
public enum ErrorCode {
    /** A value the client sent is malformed; nothing was changed. */
    INVALID_REQUEST(Kind.INVALID),
    /** The token is missing or invalid (the authorizer's refusal). */
    UNAUTHENTICATED(Kind.UNAUTHENTICATED),
    /** The caller may not take the action. */
    FORBIDDEN(Kind.FORBIDDEN),
    /** The request names another tenant than the caller's. */
    TENANT_MISMATCH(Kind.FORBIDDEN),
    /** No such route, tenant, namespace, record or execution (another tenant's included). */
    NOT_FOUND(Kind.NOT_FOUND),
    /** The request lost a race or collides with what exists. */
    CONFLICT(Kind.CONFLICT),
    /** A namespace that holds records or executions cannot be deleted. */
    NAMESPACE_NOT_EMPTY(Kind.CONFLICT),
    /** Only an execution in ESCALATE can be reviewed. */
    NOT_PENDING_REVIEW(Kind.CONFLICT),
    /** The subject who ran an execution never reviews it. */
    SELF_REVIEW(Kind.FORBIDDEN),
    /** A reviewer counts once per execution. */
    ALREADY_REVIEWED(Kind.CONFLICT),
    /** {@code If-Match} names no current version, or {@code If-None-Match: *} meets an existing one. */
    PRECONDITION_FAILED(Kind.PRECONDITION_FAILED),
    /** The payload is larger than the effective policy allows. */
    PAYLOAD_TOO_LARGE(Kind.TOO_LARGE),
    /** A limit or rule of the effective policy refuses the request. */
    POLICY_VIOLATION(Kind.UNPROCESSABLE),
    /** A tenant policy would loosen a global invariant. */
    POLICY_LOOSENS_INVARIANT(Kind.UNPROCESSABLE),
    /** The request's audit event could not be written, so nothing was done. */
    AUDIT_UNAVAILABLE(Kind.UNAVAILABLE, "The request could not be audited, so nothing was done. Retry later."),
    /** A dependency (the data store, the gateway, the signing keys, the registry) cannot be reached now. */
    SERVICE_UNAVAILABLE(Kind.UNAVAILABLE),
    /** A data access would have left the tenant: refused before it left the process. */
    TENANT_BOUNDARY_VIOLATION(Kind.INTERNAL, "The request was refused to protect tenant isolation."),
    /** The request has no readable tenant context from the authorizer. */
    TENANT_CONTEXT_MISSING(Kind.INTERNAL, "The request has no tenant context."),
    /** The tenant-isolated environment and the request disagree about the tenant. */
    ISOLATION_BREACH(Kind.INTERNAL, "The request was refused to protect tenant isolation."),
    /** Anything else: a fault of the function, never the caller's. */
    INTERNAL(Kind.INTERNAL, "The request could not be completed.");

    /** What kind of failure a code is, independent of how a transport answers it. */
    public enum Kind {
        INVALID,
        UNAUTHENTICATED,
        FORBIDDEN,
        NOT_FOUND,
        CONFLICT,
        PRECONDITION_FAILED,
        TOO_LARGE,
        UNPROCESSABLE,
        UNAVAILABLE,
        INTERNAL
    }

    private final Kind kind;
    private final String fixedMessage;

    ErrorCode(Kind kind) {
        this(kind, null);
    }

    ErrorCode(Kind kind, String fixedMessage) {
        this.kind = kind;
        this.fixedMessage = fixedMessage;
    }

    public Kind kind() {
        return kind;
    }

    /** The code in the JSON error and in audit events, e.g. {@code NOT_FOUND}. */
    public String wireCode() {
        return name();
    }

    /**
     * What the caller is told about {@code failure}: its own message, or this code's fixed one when the message may
     * hold details that belong in the logs only (or when it has none).
     */
    public String messageFor(Throwable failure) {
        if (fixedMessage != null || failure.getMessage() == null) {
            return fixedMessage != null ? fixedMessage : INTERNAL.fixedMessage;
        }
        return failure.getMessage();
    }
}
