package com.execalc.governance;

import java.util.Locale;
import java.util.Optional;

/** How much is at stake in a decision, in rising order. */
public enum RiskLevel {
    LOW,
    ELEVATED,
    HIGH,
    CRITICAL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<RiskLevel> fromWireName(String name) {
        for (RiskLevel level : values()) {
            if (level.wireName().equals(name)) {
                return Optional.of(level);
            }
        }
        return Optional.empty();
    }

    /** Whether this level is at or above {@code threshold}. */
    public boolean atOrAbove(RiskLevel threshold) {
        return compareTo(threshold) >= 0;
    }
}
