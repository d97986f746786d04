package com.execalc.governance;

import com.execalc.tenancy.TenantRole;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The global governance invariants of Cloud v1: defined in code, versioned, immutable at run time. They apply to every
 * tenant; a tenant policy can only make them stricter.
 *
 * <p>The non-negotiable rules are not settings at all and so cannot be configured by anyone: every request needs a
 * tenant context, every request is audited, data is read only by key or by query on the caller's partition (never by
 * Scan), every key leads with the tenant.
 *
 * @param version  bumped whenever a bound changes
 * @param settings the configurable bounds
 */
public record GlobalInvariants(int version, PolicySettings settings) {

    /** The invariants of Cloud v1. */
    public static GlobalInvariants v1() {
        Set<Action> reads = EnumSet.of(Action.NAMESPACE_LIST, Action.RECORD_GET, Action.RECORD_LIST,
                Action.EXECUTION_GET, Action.EXECUTION_LIST);
        Set<Action> writes = EnumSet.copyOf(reads);
        writes.addAll(EnumSet.of(Action.NAMESPACE_CREATE, Action.NAMESPACE_DELETE, Action.RECORD_PUT,
                Action.RECORD_DELETE, Action.EXECUTION_RUN, Action.AUDIT_QUERY));
        // reviewing an escalated execution is the human step of governance: admins only, unless a tenant removes it
        Set<Action> admin = EnumSet.copyOf(writes);
        admin.add(Action.EXECUTION_REVIEW);
        return new GlobalInvariants(1, new PolicySettings(
                65_536,
                1_000,
                Map.of(TenantRole.VIEWER, reads, TenantRole.OPERATOR, writes, TenantRole.ADMIN, admin),
                true,
                100,
                20,
                RiskLevel.ELEVATED,
                365,
                NamespacePrefixes.any(),
                1));
    }
}
