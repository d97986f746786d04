package com.execalc.tenancy;

import java.util.regex.Pattern;

/**
 * The identity of a tenant, the highest isolation boundary of the platform.
 *
 * <p>Lowercase ASCII letters, digits and '-', 3 to 63 characters, starting with a letter or digit. Tenant ids end up in
 * DynamoDB keys, IAM condition values and log group names, so they can never carry a delimiter ({@code #}, {@code /}),
 * a wildcard ({@code *}, {@code ?}), whitespace or a look-alike unicode character.
 */
public record TenantId(String value) implements Comparable<TenantId> {

    private static final Pattern FORMAT = Pattern.compile("[a-z0-9][a-z0-9-]{2,62}");

    public TenantId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new InvalidTenantIdException(value);
        }
    }

    public static TenantId of(String value) {
        return new TenantId(value);
    }

    /** Whether {@code candidate} is a well-formed tenant id; never throws. */
    public static boolean isValid(String candidate) {
        return candidate != null && FORMAT.matcher(candidate).matches();
    }

    @Override
    public int compareTo(TenantId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
