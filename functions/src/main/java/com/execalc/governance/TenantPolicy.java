package com.execalc.governance;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A tenant's own policy: the settings it chose to make stricter than the global invariants. Absent fields follow the
 * invariants. Immutable.
 */
public final class TenantPolicy {

    private final Map<PolicyField<?>, Object> values;

    TenantPolicy(Map<PolicyField<?>, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The policy of a tenant that has set nothing. */
    public static TenantPolicy none() {
        return new TenantPolicy(Map.of());
    }

    @SuppressWarnings("unchecked")
    <T> Optional<T> get(PolicyField<T> field) {
        return Optional.ofNullable((T) values.get(field));
    }

    Set<PolicyField<?>> fields() {
        return values.keySet();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TenantPolicy policy && policy.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }
}
