package com.execalc.errors;

import java.util.Map;
import java.util.Objects;

/**
 * The one base of the functions' failures: unchecked, with the {@link ErrorCode} that says how it is answered. Each
 * failure mode is a subclass with a one-sentence Javadoc saying when it is thrown; the cause is always passed on.
 */
public abstract class ExecalcException extends RuntimeException {

    private final ErrorCode code;

    protected ExecalcException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    protected ExecalcException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** How this failure is answered. */
    public final ErrorCode code() {
        return code;
    }

    /**
     * Fields the answer carries beside code, message and request id, e.g. the violations of a refused policy: plain
     * values, lists and maps, in the order given. Empty unless a failure mode has some.
     */
    public Map<String, Object> details() {
        return Map.of();
    }

    /** The code of any failure: its own for an {@link ExecalcException}, {@link ErrorCode#INTERNAL} otherwise. */
    public static ErrorCode codeOf(Throwable failure) {
        return failure instanceof ExecalcException known ? known.code() : ErrorCode.INTERNAL;
    }
}
