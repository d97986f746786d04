package com.execalc.tenancy;

/** Thrown when a string is not a well-formed tenant id. The message never repeats more than a short prefix of it. */
public final class InvalidTenantIdException extends InvalidInputException {

    private static final int MAX_ECHO = 40;

    public InvalidTenantIdException(String rejected) {
        super("Tenant id " + describe(rejected)
                + " is invalid: use 3 to 63 lowercase letters, digits or '-', starting with a letter or digit.");
    }

    private static String describe(String rejected) {
        if (rejected == null) {
            return "(missing)";
        }
        if (rejected.isEmpty()) {
            return "(empty)";
        }
        String printable = rejected.codePoints()
                .limit(MAX_ECHO)
                .mapToObj(cp -> cp >= 0x20 && cp < 0x7f ? Character.toString(cp) : String.format("\\u%04x", cp))
                .reduce("", String::concat);
        return "'" + printable + (rejected.length() > MAX_ECHO ? "...'" : "'");
    }
}
