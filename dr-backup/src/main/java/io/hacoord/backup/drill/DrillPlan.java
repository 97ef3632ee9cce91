package io.hacoord.backup.drill;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a drill does.
 *
 * @param randomWithin null: restore the latest logical backup; else a random one that finished within
 *     this window before now (catches backups that only the newest one would hide)
 * @param jobs pg_restore jobs (1 = streamed, no temporary file)
 * @param smokeSql statements run in the restored database; each must succeed, and a statement whose
 *     first row's first column is a boolean must return true (e.g. {@code SELECT count(*) > 0 FROM orders})
 */
public record DrillPlan(Duration randomWithin, int jobs, List<String> smokeSql) {

    public DrillPlan {
        if (randomWithin != null && (randomWithin.isNegative() || randomWithin.isZero())) {
            throw new IllegalArgumentException("randomWithin must be positive, was " + randomWithin);
        }
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be >= 1, was " + jobs);
        }
        smokeSql = List.copyOf(Objects.requireNonNull(smokeSql, "smokeSql"));
    }

    public static DrillPlan latest() {
        return new DrillPlan(null, 1, List.of());
    }
}
