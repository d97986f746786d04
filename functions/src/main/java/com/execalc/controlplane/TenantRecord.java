package com.execalc.controlplane;

import com.execalc.tenancy.AuditShards;
import com.execalc.tenancy.InvalidInputException;
import com.execalc.tenancy.TenantId;
import com.execalc.tenancy.TenantStatus;

import java.time.Instant;
import java.util.Objects;

/**
 * A tenant as the registry knows it.
 *
 * @param tier        the tenant's service tier
 * @param usageKey    the key API Gateway throttles the tenant's requests by; never shown to anyone
 * @param auditShards over how many audit partitions the tenant's events are spread; only ever grows
 * @param purgeAfter  when an offboarding tenant's data may be purged; {@code null} for a tenant never offboarded, or
 *                    reactivated since
 */
public record TenantRecord(TenantId tenantId, String displayName, TenantStatus status, Tier tier, String usageKey,
                           AuditShards auditShards, Instant createdAt, Instant updatedAt, Instant purgeAfter) {

    /** Longest accepted display name, in characters. */
    public static final int MAX_DISPLAY_NAME_LENGTH = 128;

    public TenantRecord {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(usageKey, "usageKey");
        Objects.requireNonNull(auditShards, "auditShards");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        requireDisplayName(displayName);
        if ((status == TenantStatus.OFFBOARDING || status.isPurge()) && purgeAfter == null) {
            throw new IllegalArgumentException("An offboarded tenant has a purgeAfter");
        }
    }

    /** A display name is 1 to 128 printable characters. */
    public static String requireDisplayName(String displayName) {
        if (displayName == null || displayName.isBlank() || displayName.length() > MAX_DISPLAY_NAME_LENGTH
                || displayName.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("displayName must be 1 to " + MAX_DISPLAY_NAME_LENGTH
                    + " printable characters.");
        }
        return displayName;
    }
}
