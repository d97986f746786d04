package com.execalc.audit;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class EventIdsTest {

    private final EventIds ids = new EventIds();

    @Test
    void next_shouldSortByTime() {
        String earlier = ids.next(Instant.parse("2026-11-27T10:00:00.000Z"));
        String later = ids.next(Instant.parse("2026-11-27T10:00:00.001Z"));

        assertThat(earlier).isLessThan(later);
        assertThat(earlier).hasSize(26).matches("[0-9A-HJKMNP-TV-Z]{26}");
    }

    @Test
    void next_shouldNotRepeat_withinOneMillisecond() {
        Instant now = Instant.parse("2026-11-27T10:00:00Z");
        Set<String> seen = new HashSet<>();

        for (int i = 0; i < 10_000; i++) {
            seen.add(ids.next(now));
        }

        assertThat(seen).hasSize(10_000);
    }

    @Test
    void bounds_shouldEncloseEveryIdOfTheirMillisecond() {
        Instant now = Instant.parse("2026-11-27T10:00:00.123Z");
        String id = ids.next(now);

        assertThat(id).isBetween(EventIds.lowest(now), EventIds.highest(now));
        assertThat(EventIds.highest(now)).isLessThan(EventIds.lowest(now.plusMillis(1)));
    }
}
