package com.execalc.tenancy;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Over how many partitions of the audit table a tenant's audit events are spread: 1 to {@value #MAX}.
 *
 * <p>One partition key value takes at most 1,000 write units a second, and audit event ids grow with time, so a single
 * partition caps how many requests of one tenant can be audited. Shard 0 is the partition {@code <tenant>} that every
 * tenant had before sharding, so a count of 1 is exactly the old layout. The count only ever grows: a writer that
 * still holds an older, smaller count writes into shards that a reader with the newer count also reads, while a
 * smaller count would hide the shards above it from every query. It is a platform setting in the tenant registry,
 * never a client's choice, and reaches the tenant API only through the authorizer's output.
 *
 * @param count the number of shards
 */
public record AuditShards(int count) {

    /** The fewest shards: the single partition {@code <tenant>}. */
    public static final int MIN = 1;
    /** The most shards: 16 partitions of 1,000 write units a second each. */
    public static final int MAX = 16;

    /** The wire form: a decimal number without sign or leading zeros. */
    private static final Pattern WIRE = Pattern.compile("[1-9][0-9]?");

    public AuditShards {
        if (count < MIN || count > MAX) {
            throw new IllegalArgumentException("An audit shard count is " + MIN + " to " + MAX + ", not " + count);
        }
    }

    public static AuditShards of(int count) {
        return new AuditShards(count);
    }

    /** One shard: the layout of every tenant before sharding existed. */
    public static AuditShards one() {
        return new AuditShards(MIN);
    }

    /** Every shard there can be: for code that follows stored partitions rather than choosing one. */
    public static AuditShards all() {
        return new AuditShards(MAX);
    }

    /**
     * Reads the wire form ({@code "1"} to {@code "16"}, nothing else: no sign, no leading zero, no spaces).
     *
     * @return empty when {@code wire} is not exactly such a number
     */
    public static Optional<AuditShards> parse(String wire) {
        if (wire == null || !WIRE.matcher(wire).matches()) {
            return Optional.empty();
        }
        int count = Integer.parseInt(wire);
        return count <= MAX ? Optional.of(new AuditShards(count)) : Optional.empty();
    }

    /** The wire form that {@link #parse} reads back. */
    public String wireValue() {
        return Integer.toString(count);
    }

    /** Whether changing to {@code next} keeps every existing shard visible: the count may grow or stay. */
    public boolean mayChangeTo(AuditShards next) {
        return next.count >= count;
    }
}
