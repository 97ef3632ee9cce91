package io.hacoord.backup;

import java.util.Objects;

/** What a backup attempt came to: published with its manifest, or failed with a reason (nothing published). */
public sealed interface BackupOutcome {

    String backupId();

    record Published(Manifest manifest) implements BackupOutcome {
        public Published {
            Objects.requireNonNull(manifest, "manifest");
        }

        @Override
        public String backupId() {
            return manifest.id();
        }
    }

    record Failed(String backupId, String reason) implements BackupOutcome {
        public Failed {
            Objects.requireNonNull(backupId, "backupId");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
