package com.execalc.governance;

import java.util.List;
import java.util.Objects;

/**
 * Which namespaces a tenant may change (create, write, delete, run executions in; see
 * {@link PolicyModel#confinedByNamespacePrefixes}): any, or only those that start with one of a list of prefixes.
 *
 * @param prefixes the allowed prefixes, or {@code null} for any namespace
 */
public record NamespacePrefixes(List<String> prefixes) {

    public NamespacePrefixes {
        prefixes = prefixes == null ? null : List.copyOf(prefixes);
    }

    public static NamespacePrefixes any() {
        return new NamespacePrefixes(null);
    }

    public static NamespacePrefixes only(List<String> prefixes) {
        return new NamespacePrefixes(Objects.requireNonNull(prefixes, "prefixes"));
    }

    public boolean unrestricted() {
        return prefixes == null;
    }

    public boolean allows(String namespace) {
        return unrestricted() || prefixes.stream().anyMatch(namespace::startsWith);
    }

    /** Whether every namespace these prefixes allow, {@code wider} allows too. */
    public boolean within(NamespacePrefixes wider) {
        return wider.unrestricted() || (!unrestricted() && prefixes.stream().allMatch(wider::allows));
    }

    /** The namespaces both allow. */
    public NamespacePrefixes intersect(NamespacePrefixes other) {
        if (unrestricted()) {
            return other;
        }
        if (other.unrestricted()) {
            return this;
        }
        return only(prefixes.stream().filter(other::allows).toList());
    }
}
