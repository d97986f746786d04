package com.execalc.ingress;

import com.execalc.tenancy.TenantRole;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a provider's role values (Okta groups, Entra app roles, Auth0 permissions, Keycloak realm roles) become Execalc
 * roles: {@code Execalc-Admins=admin,Readers=viewer}. Empty, the provider's values are read as Execalc's own names
 * ({@code viewer}, {@code operator}, {@code admin}, {@code platform-admin}); set, only the values it maps count, so a
 * provider value that merely looks like an Execalc role grants nothing.
 *
 * @param entries provider value to Execalc role ({@code viewer}, {@code operator}, {@code admin} or
 *                {@value TokenVerifier#PLATFORM_ADMIN_ROLE})
 */
public record RoleMap(Map<String, String> entries) {

    public RoleMap {
        Objects.requireNonNull(entries, "entries");
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            if (entry.getKey().isBlank()) {
                throw new IllegalArgumentException("A role map entry names no provider value");
            }
            if (!TokenVerifier.PLATFORM_ADMIN_ROLE.equals(entry.getValue())
                    && TenantRole.fromWireName(entry.getValue()).isEmpty()) {
                throw new IllegalArgumentException("A role map entry must map to viewer, operator, admin or "
                        + TokenVerifier.PLATFORM_ADMIN_ROLE + ", not '" + entry.getValue() + "'");
            }
        }
        entries = Map.copyOf(entries);
    }

    /** The map that reads provider values as Execalc's own role names. */
    public static RoleMap identity() {
        return new RoleMap(Map.of());
    }

    /**
     * Parses {@code value=role,value=role}; the last {@code =} of an entry separates the two, blanks around either
     * are dropped, and an empty text is {@link #identity()}.
     *
     * @throws IllegalArgumentException for an entry without {@code =}, an unknown role or a value mapped twice
     */
    public static RoleMap parse(String text) {
        Map<String, String> entries = new LinkedHashMap<>();
        if (text.isBlank()) {
            return identity();
        }
        for (String entry : text.split(",", -1)) {
            int equals = entry.lastIndexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("A role map entry must be value=role, not '" + entry.strip() + "'");
            }
            String value = entry.substring(0, equals).strip();
            if (entries.put(value, entry.substring(equals + 1).strip()) != null) {
                throw new IllegalArgumentException("The role map names '" + value + "' twice");
            }
        }
        return new RoleMap(entries);
    }

    /** The Execalc role name a provider value stands for, if it stands for one. */
    public Optional<String> roleOf(String providerValue) {
        if (entries.isEmpty()) {
            return Optional.of(providerValue);
        }
        return Optional.ofNullable(entries.get(providerValue));
    }
}
