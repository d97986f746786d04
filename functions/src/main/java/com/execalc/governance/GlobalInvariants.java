package com.execalc.governance;

import com.execalc.tenancy.TenantRole;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The platform's global governance bounds, defined in code and immutable at run time.
 *
 * @param version        the version of these invariants, recorded in decisions
 * @param maxRecordBytes the largest record body, in UTF-8 bytes
 * @param roleActions    what each tenant role may do
 */
public record GlobalInvariants(int version, int maxRecordBytes, Map<TenantRole, Set<Action>> roleActions) {

    public GlobalInvariants {
        Map<TenantRole, Set<Action>> copy = new EnumMap<>(TenantRole.class);
        roleActions.forEach((role, actions) -> copy.put(role, Set.copyOf(actions)));
        roleActions = java.util.Collections.unmodifiableMap(copy);
    }

    /** The invariants of Cloud v1. */
    public static GlobalInvariants v1() {
        Set<Action> reads = EnumSet.of(Action.SESSION_DESCRIBE, Action.NAMESPACE_LIST, Action.RECORD_GET,
                Action.RECORD_LIST);
        Set<Action> writes = EnumSet.copyOf(reads);
        writes.addAll(EnumSet.of(Action.NAMESPACE_CREATE, Action.NAMESPACE_DELETE, Action.RECORD_PUT,
                Action.RECORD_DELETE));
        return new GlobalInvariants(1, 65_536, Map.of(
                TenantRole.VIEWER, reads,
                TenantRole.OPERATOR, writes,
                TenantRole.ADMIN, writes));
    }

    /** Whether any of {@code roles} may take {@code action}. */
    public boolean allows(Set<TenantRole> roles, Action action) {
        return roles.stream().anyMatch(role -> roleActions.getOrDefault(role, Set.of()).contains(action));
    }
}
