package com.execalc.ingress;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where in a token's claims a value is: a claim's name, or a dotted path into nested objects
 * ({@code realm_access.roles}, Keycloak's). A claim named exactly as the whole path wins, so that names with dots of
 * their own (Auth0's namespaced {@code https://execalc.example/tenant}, Entra's {@code Execalc.Admin}) still work.
 *
 * @param path the name or dotted path; no empty segment
 */
public record ClaimPath(String path) {

    private static final Pattern SEGMENTS = Pattern.compile("[^.\\s]+(\\.[^.\\s]+)*");

    public ClaimPath {
        Objects.requireNonNull(path, "path");
        // a literal name may hold anything but blanks; as a path, no segment may be empty
        if (path.isBlank() || path.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("A claim path must be a claim name or a dotted path, not '" + path + "'");
        }
    }

    /** Whether the path also reads as nested segments (it has no empty segment). */
    boolean nested() {
        return path.contains(".") && SEGMENTS.matcher(path).matches();
    }

    /** The value at this path, if any. */
    public Optional<Object> read(Map<String, Object> claims) {
        if (claims.containsKey(path)) {
            return Optional.ofNullable(claims.get(path));
        }
        if (!nested()) {
            return Optional.empty();
        }
        Object current = claims;
        for (String segment : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> object) || !object.containsKey(segment)) {
                return Optional.empty();
            }
            current = object.get(segment);
        }
        return Optional.ofNullable(current);
    }

    @Override
    public String toString() {
        return path;
    }
}
