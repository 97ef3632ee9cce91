package io.hacoord.backup.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hacoord.backup.retention.RetentionCandidate.Health;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Worked examples of the GFS rules; {@link RetentionPropertiesTest} covers the edge cases broadly. */
class RetentionPlannerTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void defaultsKeepSevenDailyFourWeeklyTwelveMonthlyFromTwoYearsOfNightlyBackups() {
        List<RetentionCandidate> nightly = new ArrayList<>();
        LocalDateTime first = LocalDateTime.of(2024, 1, 1, 2, 0);
        for (int day = 0; day < 730; day++) {
            nightly.add(candidate("b" + day, first.plusDays(day).atZone(ZoneOffset.UTC).toInstant(), Health.UNVERIFIED));
        }

        RetentionPlan plan = new RetentionPlanner(GfsPolicy.defaults(ZoneOffset.UTC)).plan(nightly);

        // Newest: 2025-12-30. Daily: 24..30 Dec. Weekly passes over the weeks the daily rule kept, then
        // keeps 21, 14, 7 Dec and 30 Nov. Monthly passes over December and November (kept by finer
        // rules) and keeps the last days of October 2025 back to November 2024 (borg semantics).
        assertThat(plan.keep()).extracting(RetentionPlan.Decision::reason)
                .filteredOn(r -> r.startsWith("daily")).hasSize(7);
        assertThat(plan.keep()).extracting(RetentionPlan.Decision::reason)
                .filteredOn(r -> r.startsWith("weekly")).hasSize(4);
        assertThat(plan.keep()).extracting(RetentionPlan.Decision::reason)
                .filteredOn(r -> r.startsWith("monthly")).hasSize(12);
        assertThat(plan.keep()).hasSize(23);
        assertThat(plan.keep()).extracting(RetentionPlan.Decision::backupId).contains("b729", "b723", "b720", "b699");
        assertThat(plan.keep()).filteredOn(d -> d.reason().equals("monthly #12")).singleElement()
                .satisfies(d -> assertThat(d.candidate().takenAt()).isEqualTo(Instant.parse("2024-11-30T02:00:00Z")));
        assertThat(plan.keep().size() + plan.delete().size()).isEqualTo(730);
    }

    @Test
    void failedBackupsAreDeletedAndDoNotTakeADailySlot() {
        Instant day1 = Instant.parse("2026-11-20T02:00:00Z");
        Instant day2 = Instant.parse("2026-11-21T02:00:00Z");
        Instant day2Later = Instant.parse("2026-11-21T14:00:00Z");
        RetentionPlan plan = new RetentionPlanner(new GfsPolicy(2, 0, 0, 1, ZoneOffset.UTC)).plan(List.of(
                candidate("d1", day1, Health.VERIFIED), candidate("d2", day2, Health.VERIFIED),
                candidate("d2-broken", day2Later, Health.FAILED)));

        assertThat(plan.keptIds()).containsExactlyInAnyOrder("d1", "d2");
        assertThat(plan.delete()).singleElement().satisfies(d -> {
            assertThat(d.backupId()).isEqualTo("d2-broken");
            assertThat(d.reason()).isEqualTo("failed verification");
        });
    }

    @Test
    void newestVerifiedBackupsSurviveEvenWhenNoRuleKeepsThem() {
        Instant morning = Instant.parse("2026-11-21T06:00:00Z");
        RetentionPlan plan = new RetentionPlanner(new GfsPolicy(1, 0, 0, 2, ZoneOffset.UTC)).plan(List.of(
                candidate("verified-early", morning, Health.VERIFIED),
                candidate("verified-mid", morning.plusSeconds(3600), Health.VERIFIED),
                candidate("unverified-late", morning.plusSeconds(7200), Health.UNVERIFIED)));

        assertThat(plan.keep()).extracting(d -> d.backupId() + "=" + d.reason()).containsExactlyInAnyOrder(
                "unverified-late=daily #1", "verified-mid=newest verified #1", "verified-early=newest verified #2");
    }

    @Test
    void aDayIsTheZonesDayAcrossTheSpringDstGap() {
        // 2026-03-29 in Berlin: 02:00 does not exist; 01:30 CET and 03:30 CEST are the same local day.
        Instant beforeGap = LocalDateTime.of(2026, 3, 29, 1, 30).atZone(BERLIN).toInstant();
        Instant afterGap = LocalDateTime.of(2026, 3, 29, 3, 30).atZone(BERLIN).toInstant();
        Instant dayBefore = LocalDateTime.of(2026, 3, 28, 23, 59).atZone(BERLIN).toInstant();

        RetentionPlan plan = new RetentionPlanner(new GfsPolicy(2, 0, 0, 1, BERLIN)).plan(List.of(
                candidate("before-gap", beforeGap, Health.UNVERIFIED),
                candidate("after-gap", afterGap, Health.UNVERIFIED),
                candidate("day-before", dayBefore, Health.UNVERIFIED)));

        assertThat(plan.keptIds()).containsExactlyInAnyOrder("after-gap", "day-before");
    }

    @Test
    void aMonthIsTheZonesMonthAtTheMonthEnd() {
        // 23:30 UTC on 31 January is already 1 February in Berlin.
        Instant utcJanuaryBerlinFebruary = Instant.parse("2026-01-31T23:30:00Z");
        Instant midJanuary = Instant.parse("2026-01-15T12:00:00Z");
        List<RetentionCandidate> both = List.of(candidate("edge", utcJanuaryBerlinFebruary, Health.UNVERIFIED),
                candidate("mid", midJanuary, Health.UNVERIFIED));

        assertThat(new RetentionPlanner(new GfsPolicy(0, 0, 2, 1, BERLIN)).plan(both).keep())
                .extracting(d -> d.backupId() + "=" + d.reason())
                .containsExactlyInAnyOrder("edge=monthly #1", "mid=monthly #2");
        assertThat(new RetentionPlanner(new GfsPolicy(0, 0, 1, 1, ZoneOffset.UTC)).plan(both).keptIds())
                .containsExactly("edge");
    }

    @Test
    void aYoungRepositoryKeepsItsOldestBackup() {
        Instant t = Instant.parse("2026-11-21T06:00:00Z");
        RetentionPlan plan = new RetentionPlanner(new GfsPolicy(7, 0, 0, 1, ZoneOffset.UTC)).plan(List.of(
                candidate("first", t, Health.UNVERIFIED), candidate("second", t.plusSeconds(60), Health.UNVERIFIED)));

        assertThat(plan.keep()).extracting(d -> d.backupId() + "=" + d.reason())
                .containsExactlyInAnyOrder("second=daily #1", "first=daily #2 (oldest)");
    }

    @Test
    void invalidPolicyListsEveryError() {
        assertThatThrownBy(() -> new GfsPolicy(-1, -2, 0, 0, ZoneOffset.UTC))
                .hasMessageContaining("daily").hasMessageContaining("weekly").hasMessageContaining("keepNewestVerified");
    }

    private static RetentionCandidate candidate(String id, Instant at, Health health) {
        return new RetentionCandidate(id, at, health);
    }
}
