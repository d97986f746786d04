package com.execalc.audit;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * Makes event ids that sort by time and never collide in practice: a ULID (48-bit millisecond timestamp and 80 random
 * bits, in 26 characters of Crockford base32). Ids made in the same millisecond sort arbitrarily among themselves.
 */
public final class EventIds {

    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    private final SecureRandom random = new SecureRandom();

    /** A new id for an event at {@code time}. */
    public String next(Instant time) {
        char[] id = new char[26];
        timePart(time).getChars(0, 10, id, 0);
        byte[] bytes = new byte[10];
        random.nextBytes(bytes);
        long high = ((bytes[0] & 0xffL) << 32) | ((bytes[1] & 0xffL) << 24) | ((bytes[2] & 0xffL) << 16)
                | ((bytes[3] & 0xffL) << 8) | (bytes[4] & 0xffL);
        long low = ((bytes[5] & 0xffL) << 32) | ((bytes[6] & 0xffL) << 24) | ((bytes[7] & 0xffL) << 16)
                | ((bytes[8] & 0xffL) << 8) | (bytes[9] & 0xffL);
        for (int i = 17; i >= 10; i--) {
            id[i] = ALPHABET.charAt((int) (high & 31));
            high >>>= 5;
        }
        for (int i = 25; i >= 18; i--) {
            id[i] = ALPHABET.charAt((int) (low & 31));
            low >>>= 5;
        }
        return new String(id);
    }

    /** The smallest id any event at {@code time} can have: a bound for time-range queries. */
    public static String lowest(Instant time) {
        return timePart(time) + "0000000000000000";
    }

    /** The largest id any event at {@code time} can have. */
    public static String highest(Instant time) {
        return timePart(time) + "ZZZZZZZZZZZZZZZZ";
    }

    /**
     * The time an id was made at, to the millisecond: its first ten characters.
     *
     * @throws IllegalArgumentException when {@code id} is not an event id
     */
    public static Instant timeOf(String id) {
        if (id == null || id.length() != 26) {
            throw new IllegalArgumentException("Not an event id: " + id);
        }
        long millis = 0;
        for (int i = 0; i < 10; i++) {
            int digit = ALPHABET.indexOf(id.charAt(i));
            if (digit < 0) {
                throw new IllegalArgumentException("Not an event id: " + id);
            }
            millis = (millis << 5) | digit;
        }
        return Instant.ofEpochMilli(millis);
    }

    private static String timePart(Instant time) {
        long millis = time.toEpochMilli();
        char[] part = new char[10];
        for (int i = 9; i >= 0; i--) {
            part[i] = ALPHABET.charAt((int) (millis & 31));
            millis >>>= 5;
        }
        return new String(part);
    }
}
