package io.hacoord.backup.retention;

import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Decides retention with borg-prune semantics (a pure function, no I/O, no clock):
 * <ol>
 *   <li>Failed backups are set aside: they never count and are never kept.</li>
 *   <li>The rules run from finest to coarsest (daily, weekly, monthly). Each walks the backups newest
 *       first and keeps the first backup of each period it meets, until it has kept its count. A
 *       period whose newest backup a finer rule already kept is passed over without counting (as in
 *       borg). Periods without a backup don't count: "7 daily" means the last 7 days that have one.</li>
 *   <li>When a rule runs out of backups before its count, it also keeps the oldest backup (borg's
 *       "oldest" rule), so a young repository keeps its first backup.</li>
 *   <li>The newest {@code keepNewestVerified} verified backups are kept whatever the rules said.</li>
 * </ol>
 * The plan does not depend on the order of the input; ties in time are broken by id.
 */
public final class RetentionPlanner {

    private static final Comparator<RetentionCandidate> NEWEST_FIRST = Comparator
            .comparing(RetentionCandidate::takenAt).thenComparing(RetentionCandidate::backupId).reversed();

    private final GfsPolicy policy;

    public RetentionPlanner(GfsPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    public RetentionPlan plan(List<RetentionCandidate> candidates) {
        List<RetentionCandidate> newestFirst = candidates.stream().sorted(NEWEST_FIRST).toList();
        List<RetentionCandidate> counting = newestFirst.stream()
                .filter(c -> c.health() != RetentionCandidate.Health.FAILED).toList();
        Map<String, String> keptBecause = new LinkedHashMap<>();
        ZoneId zone = policy.zone();
        keepByPeriod(counting, "daily", policy.daily(), c -> c.takenAt().atZone(zone).toLocalDate(), keptBecause);
        keepByPeriod(counting, "weekly", policy.weekly(), c -> {
            var date = c.takenAt().atZone(zone).toLocalDate();
            return date.get(IsoFields.WEEK_BASED_YEAR) * 100 + date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
        }, keptBecause);
        keepByPeriod(counting, "monthly", policy.monthly(),
                c -> java.time.YearMonth.from(c.takenAt().atZone(zone)), keptBecause);
        keepNewestVerified(counting, keptBecause);
        return split(newestFirst, keptBecause);
    }

    /** borg's {@code prune_split}: the first (newest) backup of each new period, until {@code count} are kept. */
    private static void keepByPeriod(List<RetentionCandidate> newestFirst, String rule, int count,
            Function<RetentionCandidate, Object> period, Map<String, String> keptBecause) {
        if (count == 0 || newestFirst.isEmpty()) {
            return;
        }
        int kept = 0;
        Object last = null;
        for (RetentionCandidate candidate : newestFirst) {
            Object current = period.apply(candidate);
            if (current.equals(last)) {
                continue;
            }
            last = current;
            if (keptBecause.putIfAbsent(candidate.backupId(), rule + " #" + (kept + 1)) == null) {
                kept++;
                if (kept == count) {
                    return;
                }
            }
        }
        RetentionCandidate oldest = newestFirst.getLast();
        keptBecause.putIfAbsent(oldest.backupId(), rule + " #" + (kept + 1) + " (oldest)");
    }

    private void keepNewestVerified(List<RetentionCandidate> newestFirst, Map<String, String> keptBecause) {
        List<RetentionCandidate> verified = newestFirst.stream()
                .filter(c -> c.health() == RetentionCandidate.Health.VERIFIED)
                .limit(policy.keepNewestVerified()).toList();
        for (int i = 0; i < verified.size(); i++) {
            keptBecause.putIfAbsent(verified.get(i).backupId(), "newest verified #" + (i + 1));
        }
    }

    private static RetentionPlan split(List<RetentionCandidate> newestFirst, Map<String, String> keptBecause) {
        List<RetentionPlan.Decision> keep = new ArrayList<>();
        List<RetentionPlan.Decision> delete = new ArrayList<>();
        for (RetentionCandidate candidate : newestFirst) {
            String reason = keptBecause.get(candidate.backupId());
            if (reason != null) {
                keep.add(new RetentionPlan.Decision(candidate, reason));
            } else {
                delete.add(new RetentionPlan.Decision(candidate,
                        candidate.health() == RetentionCandidate.Health.FAILED ? "failed verification"
                                : "not kept by any rule"));
            }
        }
        return new RetentionPlan(keep, delete);
    }
}
