package com.execalc.audit;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void timeOf_shouldGiveBackTheMillisecondAnIdWasMadeAt() {
        Instant made = Instant.parse("2026-11-27T10:00:00.123Z");

        assertThat(EventIds.timeOf(new EventIds().next(made))).isEqualTo(made);
        assertThat(EventIds.timeOf(EventIds.lowest(made))).isEqualTo(made);
    }

    @Test
    void timeOf_shouldRefuseWhatIsNotAnEventId() {
        for (String notAnId : new String[] {"legacy", "01KA000000000000000000000", "UUUUUUUUUU0000000000000000"}) {
            assertThatThrownBy(() -> EventIds.timeOf(notAnId))
                    .as(notAnId).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void bounds_shouldEncloseEveryIdOfTheirMillisecond() {
        Instant now = Instant.parse("2026-11-27T10:00:00.123Z");
        String id = ids.next(now);

        assertThat(id).isBetween(EventIds.lowest(now), EventIds.highest(now));
        assertThat(EventIds.highest(now)).isLessThan(EventIds.lowest(now.plusMillis(1)));
    }
}
