package com.execalc.tenancy;

import java.util.Locale;
import java.util.Optional;

/** A role a person holds inside one tenant. Platform operators are not tenant members and have no tenant role. */
public enum TenantRole {
    /** Reads the tenant's data. */
    VIEWER,
    /** Reads and writes the tenant's data and runs governed executions. */
    OPERATOR,
    /** Everything an operator may do, plus the tenant's governance policy. */
    ADMIN;

    /** The name used in tokens and in the authorizer context, e.g. {@code viewer}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role with this wire name, if it is one. */
    public static Optional<TenantRole> fromWireName(String name) {
        for (TenantRole role : values()) {
            if (role.wireName().equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
