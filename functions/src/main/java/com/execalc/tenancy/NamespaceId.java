package com.execalc.tenancy;

import java.util.regex.Pattern;

/**
 * A namespace inside one tenant: 1 to 63 lowercase letters, digits, '-', '_' or '.', starting with a letter or digit.
 * Namespaces exist within a tenant, never across tenants: the same name in two tenants names two unrelated namespaces.
 */
public record NamespaceId(String value) {

    private static final Pattern FORMAT = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    public NamespaceId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new InvalidInputException("Namespace " + Echo.describe(value)
                    + " is invalid: use 1 to 63 lowercase letters, digits, '-', '_' or '.', starting with a letter or digit.");
        }
    }

    public static NamespaceId of(String value) {
        return new NamespaceId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
