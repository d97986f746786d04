package com.execalc.digest;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When periods are digested.
 *
 * @param period           the length of a period, whole seconds, at least one (an hour unless the deployment says
 *                         otherwise); periods are aligned to the epoch, so every tenant's and shard's periods are the
 *                         same
 * @param settle           how long after its end a period counts as closed: longer than an audit write can take
 *                         between making its event id and landing, so no event arrives in a digested period
 * @param maxPeriodsPerRun the most periods one run digests for one shard, so that a long catch-up spreads over runs
 *                         (always oldest first: missed runs catch up in order)
 */
public record DigestSchedule(Duration period, Duration settle, int maxPeriodsPerRun) {

    public DigestSchedule {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(settle, "settle");
        if (period.getSeconds() < 1 || period.getNano() != 0) {
            throw new IllegalArgumentException("A digest period is a whole number of seconds, at least one");
        }
        if (settle.isNegative()) {
            throw new IllegalArgumentException("The settling time is not negative");
        }
        if (maxPeriodsPerRun < 1) {
            throw new IllegalArgumentException("A run digests at least one period");
        }
    }

    /** The start of the period that holds {@code time}. */
    public Instant periodOf(Instant time) {
        long seconds = period.getSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(time.getEpochSecond(), seconds) * seconds);
    }

    /** The end of the last closed period at {@code now}: every period ending at or before it may be digested. */
    public Instant closedUntil(Instant now) {
        return periodOf(now.minus(settle));
    }
}
