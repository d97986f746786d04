package com.execalc.tenancy;

/** Thrown when a string is not a well-formed tenant id. The message never repeats more than a short prefix of it. */
public final class InvalidTenantIdException extends InvalidInputException {

    public InvalidTenantIdException(String rejected) {
        super("Tenant id " + Echo.describe(rejected)
                + " is invalid: use 3 to 63 lowercase letters, digits or '-', starting with a letter or digit.");
    }
}
