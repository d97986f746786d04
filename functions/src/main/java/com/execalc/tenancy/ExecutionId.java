package com.execalc.tenancy;

import java.util.regex.Pattern;

/** The id of a governed execution: a ULID, 26 characters of Crockford base32, assigned by the platform. */
public record ExecutionId(String value) {

    private static final Pattern FORMAT = Pattern.compile("[0-9A-HJKMNP-TV-Z]{26}");

    public ExecutionId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new InvalidInputException("Execution id " + Echo.describe(value) + " is invalid: it is the 26-character"
                    + " id the platform returned when the execution ran.");
        }
    }

    public static ExecutionId of(String value) {
        return new ExecutionId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
