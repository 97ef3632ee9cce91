package io.hacoord.backup.restore;

import java.time.Duration;
import java.util.Objects;

/** A finished restore: which backup, into which database, with how many jobs, and how long it took. */
public record RestoreResult(String backupId, String target, int jobs, Duration duration) {

    public RestoreResult {
        Objects.requireNonNull(backupId, "backupId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(duration, "duration");
    }
}
