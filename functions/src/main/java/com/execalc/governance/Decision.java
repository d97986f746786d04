package com.execalc.governance;

import com.execalc.errors.ErrorCode;

import java.util.Objects;

/**
 * What governance decided about one request.
 *
 * @param allowed whether the request may proceed
 * @param reason  a stable reason code for the audit event, e.g. {@code ROLE_ALLOWS_ACTION}
 * @param denial  how a denial is answered; {@code null} when allowed
 * @param message a sentence for the caller when denied
 */
public record Decision(boolean allowed, String reason, Denial denial, String message) {

    /** The kinds of denial, each with the error code it is answered with. */
    public enum Denial {
        /** The caller's role may not take the action. */
        FORBIDDEN(ErrorCode.FORBIDDEN),
        /** The payload is larger than allowed. */
        TOO_LARGE(ErrorCode.PAYLOAD_TOO_LARGE),
        /** A limit or rule of the effective policy refuses it. */
        POLICY_LIMIT(ErrorCode.POLICY_VIOLATION),
        /** The execution is not waiting for review. */
        NOT_PENDING_REVIEW(ErrorCode.NOT_PENDING_REVIEW),
        /** The reviewer ran the execution: separation of duties. */
        SELF_REVIEW(ErrorCode.SELF_REVIEW),
        /** The reviewer reviewed the execution before: each counts once. */
        ALREADY_REVIEWED(ErrorCode.ALREADY_REVIEWED);

        private final ErrorCode code;

        Denial(ErrorCode code) {
            this.code = code;
        }

        public ErrorCode code() {
            return code;
        }
    }

    public Decision {
        Objects.requireNonNull(reason, "reason");
        if (allowed == (denial != null)) {
            throw new IllegalArgumentException("a denial needs its kind, an allow has none");
        }
    }

    public static Decision allow(String reason) {
        return new Decision(true, reason, null, null);
    }

    public static Decision deny(Denial denial, String reason, String message) {
        return new Decision(false, reason, Objects.requireNonNull(denial, "denial"), message);
    }
}
