package com.execalc.controlplane;

import java.util.Locale;
import java.util.Optional;

import com.execalc.tenancy.AuditShards;

/**
 * A tenant's service tier: which API Gateway usage plan (rate, burst and quota) its requests are throttled by, and how
 * many audit shards a tenant of the tier starts with. The tiers' limits are set in the CDK app and documented in
 * docs/DEPLOY.md; the shard counts are justified in docs/SCALING-AUDIT.md.
 */
public enum Tier {
    /** 25 requests a second (burst 50): a twentieth of what one audit partition takes, so one shard. */
    STANDARD(1),
    /**
     * 250 requests a second, bursts of 500: at two write units per request (the event and the shipper's ledger entry)
     * a burst alone fills one partition's 1,000 write units a second, so four shards: 4,000 write units a second, room
     * for bursts, larger events and a usage plan raised up to the whole stage's 1,000 requests a second.
     */
    PREMIUM(4);

    private final int defaultAuditShards;

    Tier(int defaultAuditShards) {
        this.defaultAuditShards = defaultAuditShards;
    }

    /** The audit shard count a tenant of this tier is registered with; an operator may raise it later. */
    public AuditShards defaultAuditShards() {
        return AuditShards.of(defaultAuditShards);
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Tier> fromWireName(String name) {
        for (Tier tier : values()) {
            if (tier.wireName().equals(name)) {
                return Optional.of(tier);
            }
        }
        return Optional.empty();
    }
}
