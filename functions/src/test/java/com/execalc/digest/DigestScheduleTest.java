package com.execalc.digest;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The one schedule the deployed digester and {@code ./execalc up} derive from their period. */
class DigestScheduleTest {

    @Test
    void hourlyPeriods_shouldSettleForAMinute_andCatchUpADayPerRun() {
        DigestSchedule hourly = DigestSchedule.forPeriod(Duration.ofHours(1));

        assertThat(hourly.settle()).isEqualTo(Duration.ofMinutes(1));
        assertThat(hourly.maxPeriodsPerRun()).isEqualTo(24);
    }

    @Test
    void periodsOfAFewSeconds_shouldSettleForASecond_andCatchUpADayOfThemPerRun() {
        DigestSchedule watched = DigestSchedule.forPeriod(Duration.ofSeconds(5));

        assertThat(watched.settle()).isEqualTo(Duration.ofSeconds(1));
        assertThat(watched.maxPeriodsPerRun()).isEqualTo(17_280);
    }

    @Test
    void aPeriodBetween_shouldSettleForAFifthOfIt() {
        assertThat(DigestSchedule.forPeriod(Duration.ofMinutes(1)).settle()).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void aPeriod_shouldCloseOnlyOnceItsSettlingTimeHasPassed() {
        DigestSchedule hourly = DigestSchedule.forPeriod(Duration.ofHours(1));
        Instant end = Instant.parse("2026-01-01T11:00:00Z");

        assertThat(hourly.closedUntil(end.plusSeconds(59))).isEqualTo(end.minus(Duration.ofHours(1)));
        assertThat(hourly.closedUntil(end.plusSeconds(60))).isEqualTo(end);
    }
}
