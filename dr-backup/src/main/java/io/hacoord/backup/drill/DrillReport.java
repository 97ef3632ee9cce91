package io.hacoord.backup.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The record of one DR drill, stored in the repository.
 *
 * @param backupId the backup restored (null when no backup could be chosen)
 * @param passed true only when every check passed
 * @param failures why it failed, for an operator; empty when it passed
 * @param checks what was checked and found good (or skipped, and why)
 * @param rto measured restore time: from the start of the restore to a restored database (null if none)
 * @param rpo age of the restored backup at the drill's start: drill start − backup start (the dump's
 *     snapshot is taken at its start), i.e. the data a real restore now would lose
 */
public record DrillReport(String backupId, Instant startedAt, Instant finishedAt, boolean passed,
        List<String> failures, List<String> checks, Duration rto, Duration rpo, long epoch) {

    public DrillReport {
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        failures = List.copyOf(Objects.requireNonNull(failures, "failures"));
        checks = List.copyOf(Objects.requireNonNull(checks, "checks"));
        if (passed != failures.isEmpty()) {
            throw new IllegalArgumentException("a drill passes exactly when it has no failures");
        }
    }
}
