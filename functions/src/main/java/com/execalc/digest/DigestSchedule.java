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

    /** The period unless the deployment says otherwise: an hour, as CloudTrail's digests. */
    public static final Duration DEFAULT_PERIOD = Duration.ofHours(1);

    /** The longest settling time: longer than any function's timeout, within which each audit write lands. */
    static final Duration LONGEST_SETTLE = Duration.ofMinutes(1);


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

    /**
     * The schedule of the digester function and of {@code ./execalc up} alike, for periods of {@code period}: a period
     * settles for a fifth of its length, between one second and {@link #LONGEST_SETTLE} (a minute for hourly periods:
     * longer than any function's timeout, so every audit write of the period has landed; a second for the few seconds'
     * periods a person watches locally, where writes land within milliseconds), and a run digests at most a day of
     * periods per shard (at least 24), so that a run after a long outage catches up over several runs, oldest first.
     */
    public static DigestSchedule forPeriod(Duration period) {
        Duration fifth = period.dividedBy(5);
        Duration settle = fifth.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : fifth.compareTo(LONGEST_SETTLE) > 0 ? LONGEST_SETTLE : fifth;
        long perDay = Math.max(24, Duration.ofDays(1).toSeconds() / Math.max(1, period.toSeconds()));
        return new DigestSchedule(period, Duration.ofSeconds(settle.toSeconds()), (int) perDay);
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
