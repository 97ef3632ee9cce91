package io.hacoord.backup.retention;

import io.hacoord.backup.Manifest;
import java.time.Instant;
import java.util.Objects;

/** A published backup as retention sees it: when it was taken, and what verification said of it. */
public record RetentionCandidate(String backupId, Instant takenAt, Health health) {

    public enum Health {
        /** The latest verification passed. */
        VERIFIED,
        /** Not verified yet: counts for the rules, but is not one of the "newest verified". */
        UNVERIFIED,
        /** The latest verification failed: never counts, never kept. */
        FAILED
    }

    public RetentionCandidate {
        Manifest.requireValidId(backupId);
        Objects.requireNonNull(takenAt, "takenAt");
        Objects.requireNonNull(health, "health");
    }
}
