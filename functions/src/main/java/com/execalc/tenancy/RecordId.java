package com.execalc.tenancy;

import java.util.regex.Pattern;

/** The id of a record inside a namespace: 1 to 128 letters, digits, '-', '_' or '.', starting with a letter or digit. */
public record RecordId(String value) {

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public RecordId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new InvalidInputException("Record id " + Echo.describe(value)
                    + " is invalid: use 1 to 128 letters, digits, '-', '_' or '.', starting with a letter or digit.");
        }
    }

    public static RecordId of(String value) {
        return new RecordId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
