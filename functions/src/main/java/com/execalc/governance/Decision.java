package com.execalc.governance;

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

    /** The kinds of denial, each with its HTTP status. */
    public enum Denial {
        /** The caller's role may not take the action (403). */
        FORBIDDEN(403),
        /** The payload is larger than allowed (413). */
        TOO_LARGE(413),
        /** A limit or rule of the effective policy refuses it (422). */
        POLICY_LIMIT(422);

        private final int status;

        Denial(int status) {
            this.status = status;
        }

        public int status() {
            return status;
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
