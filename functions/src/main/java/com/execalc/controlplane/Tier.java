package com.execalc.controlplane;

import java.util.Locale;
import java.util.Optional;

/**
 * A tenant's service tier: which API Gateway usage plan (rate, burst and quota) its requests are throttled by. The
 * tiers' limits are set in the CDK app and documented in docs/DEPLOY.md.
 */
public enum Tier {
    STANDARD,
    PREMIUM;

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
