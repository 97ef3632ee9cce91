package io.hacoord.backup.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.hacoord.backup.retention.RetentionCandidate.Health;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Properties of GFS retention over generated histories: zones with DST (including half-hour and
 * southern-hemisphere shifts), histories placed around DST transitions and month ends, gaps of days
 * to weeks, and bursts of many backups a day.
 */
class RetentionPropertiesTest {

    private static final List<String> ZONES = List.of("UTC", "Europe/Berlin", "America/New_York",
            "Australia/Lord_Howe", "Pacific/Chatham", "America/Sao_Paulo", "Asia/Kolkata");

    record Scenario(GfsPolicy policy, List<RetentionCandidate> candidates) {
        ZoneId zone() {
            return policy.zone();
        }
    }

    @Property(tries = 300)
    void everyBackupIsEitherKeptOrDeletedExactlyOnce(@ForAll("scenarios") Scenario s) {
        RetentionPlan plan = plan(s);
        List<String> all = new ArrayList<>();
        plan.keep().forEach(d -> all.add(d.backupId()));
        plan.delete().forEach(d -> all.add(d.backupId()));
        assertThat(all).containsExactlyInAnyOrderElementsOf(s.candidates().stream().map(RetentionCandidate::backupId).toList());
    }

    @Property(tries = 300)
    void failedBackupsAreNeverKept(@ForAll("scenarios") Scenario s) {
        RetentionPlan plan = plan(s);
        assertThat(plan.keep()).noneMatch(d -> d.candidate().health() == Health.FAILED);
    }

    @Property(tries = 300)
    void theNewestVerifiedBackupsAreNeverDeleted(@ForAll("scenarios") Scenario s) {
        List<String> newestVerified = newestFirst(s.candidates()).stream().filter(c -> c.health() == Health.VERIFIED)
                .limit(s.policy().keepNewestVerified()).map(RetentionCandidate::backupId).toList();
        assertThat(plan(s).keptIds()).containsAll(newestVerified);
    }

    @Property(tries = 300)
    void noMoreIsKeptThanTheRulesAllow(@ForAll("scenarios") Scenario s) {
        GfsPolicy p = s.policy();
        assertThat(plan(s).keep()).hasSizeLessThanOrEqualTo(p.daily() + p.weekly() + p.monthly() + p.keepNewestVerified());
    }

    @Property(tries = 300)
    void theNewestBackupOfEachOfTheLastDailyDaysWithABackupIsKept(@ForAll("scenarios") Scenario s) {
        Map<LocalDate, RetentionCandidate> newestPerDay = newestPerPeriod(s, c -> c.takenAt().atZone(s.zone()).toLocalDate());
        List<String> expected = newestPerDay.values().stream().limit(s.policy().daily())
                .map(RetentionCandidate::backupId).toList();
        assertThat(plan(s).keptIds()).containsAll(expected);
    }

    @Property(tries = 300)
    void aRuleKeepsOnlyTheNewestCountingBackupOfItsPeriod(@ForAll("scenarios") Scenario s) {
        Map<String, Function<RetentionCandidate, Object>> periods = Map.of(
                "daily", c -> c.takenAt().atZone(s.zone()).toLocalDate(),
                "weekly", c -> {
                    LocalDate d = c.takenAt().atZone(s.zone()).toLocalDate();
                    return d.get(IsoFields.WEEK_BASED_YEAR) + "-W" + d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
                },
                "monthly", c -> YearMonth.from(c.takenAt().atZone(s.zone())));
        for (RetentionPlan.Decision kept : plan(s).keep()) {
            String rule = kept.reason().split(" ")[0];
            if (!periods.containsKey(rule) || kept.reason().endsWith("(oldest)")) {
                continue;
            }
            Map<Object, RetentionCandidate> newest = newestPerPeriod(s, periods.get(rule));
            assertThat(newest.get(periods.get(rule).apply(kept.candidate())).backupId())
                    .as("%s kept by %s", kept.backupId(), kept.reason()).isEqualTo(kept.backupId());
        }
    }

    @Property(tries = 200)
    void thePlanDoesNotDependOnTheOrderOfTheInput(@ForAll("scenarios") Scenario s, @ForAll long seed) {
        List<RetentionCandidate> shuffled = new ArrayList<>(s.candidates());
        Collections.shuffle(shuffled, new Random(seed));
        RetentionPlanner planner = new RetentionPlanner(s.policy());
        assertThat(planner.plan(shuffled)).isEqualTo(planner.plan(s.candidates()));
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<GfsPolicy> policies = Combinators.combine(Arbitraries.integers().between(0, 8),
                Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 13),
                Arbitraries.integers().between(1, 3), Arbitraries.of(ZONES))
                .as((d, w, m, n, zone) -> new GfsPolicy(d, w, m, n, ZoneId.of(zone)));
        Arbitrary<List<Tuple.Tuple2<Long, Health>>> steps = Combinators.combine(
                Arbitraries.frequencyOf(
                        Tuple.of(5, Arbitraries.longs().between(0, 90)),          // many a day
                        Tuple.of(4, Arbitraries.longs().between(600, 1800)),      // about daily
                        Tuple.of(1, Arbitraries.longs().between(2000, 60_000))),  // gaps of days to weeks
                Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(Health.VERIFIED)),
                        Tuple.of(3, Arbitraries.just(Health.UNVERIFIED)), Tuple.of(1, Arbitraries.just(Health.FAILED))))
                .as(Tuple::of).list().ofMaxSize(80);
        Arbitrary<Integer> startDay = Arbitraries.integers().between(0, 3 * 365);
        Arbitrary<Boolean> nearDst = Arbitraries.of(true, false);
        return Combinators.combine(policies, steps, startDay, nearDst).as((policy, list, day, dst) -> {
            Instant start = Instant.parse("2024-01-01T00:00:00Z").plusSeconds(day * 86_400L);
            if (dst) {
                var transition = policy.zone().getRules().nextTransition(start);
                if (transition != null) {
                    start = transition.getInstant().minusSeconds(2 * 86_400L);
                }
            }
            List<RetentionCandidate> candidates = new ArrayList<>();
            Instant at = start;
            for (int i = 0; i < list.size(); i++) {
                at = at.plusSeconds(list.get(i).get1() * 60);
                candidates.add(new RetentionCandidate("b" + i, at, list.get(i).get2()));
            }
            return new Scenario(policy, candidates);
        });
    }

    private static RetentionPlan plan(Scenario s) {
        return new RetentionPlanner(s.policy()).plan(s.candidates());
    }

    private static List<RetentionCandidate> newestFirst(List<RetentionCandidate> candidates) {
        return candidates.stream().sorted(Comparator.comparing(RetentionCandidate::takenAt)
                .thenComparing(RetentionCandidate::backupId).reversed()).toList();
    }

    /** Newest counting (not failed) backup per period, periods newest first. */
    private static <K> Map<K, RetentionCandidate> newestPerPeriod(Scenario s, Function<RetentionCandidate, K> period) {
        Map<K, RetentionCandidate> newest = new LinkedHashMap<>();
        for (RetentionCandidate c : newestFirst(s.candidates())) {
            if (c.health() != Health.FAILED) {
                newest.putIfAbsent(period.apply(c), c);
            }
        }
        return newest;
    }
}
