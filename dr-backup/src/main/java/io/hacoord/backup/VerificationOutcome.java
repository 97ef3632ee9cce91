package io.hacoord.backup;

import java.util.Objects;

/** What verifying a backup found. */
public sealed interface VerificationOutcome {

    String backupId();

    /** Every segment authenticated, size and SHA-256 match, and for logical dumps pg_restore read the TOC. */
    record Passed(String backupId, long plainBytes, int tocEntries) implements VerificationOutcome {
        public Passed {
            Objects.requireNonNull(backupId, "backupId");
        }
    }

    /** The backup cannot be trusted; {@code reason} says why, for an operator. */
    record Failed(String backupId, String reason) implements VerificationOutcome {
        public Failed {
            Objects.requireNonNull(backupId, "backupId");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
