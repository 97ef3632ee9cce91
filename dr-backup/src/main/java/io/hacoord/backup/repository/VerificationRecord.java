package io.hacoord.backup.repository;

import io.hacoord.backup.Manifest;
import java.time.Instant;
import java.util.Objects;

/** The outcome of the latest verification of a backup, as stored in the repository (for retention). */
public record VerificationRecord(String backupId, Instant verifiedAt, boolean passed, String reason) {

    public VerificationRecord {
        Manifest.requireValidId(backupId);
        Objects.requireNonNull(verifiedAt, "verifiedAt");
        Objects.requireNonNull(reason, "reason");
    }
}
