package io.hacoord.backup;

import java.io.IOException;

/** A stored backup is not what its manifest says: altered, truncated, reordered, or of another backup. */
public final class BackupCorruptException extends IOException {

    public BackupCorruptException(String message) {
        super(message);
    }

    public BackupCorruptException(String message, Throwable cause) {
        super(message, cause);
    }
}
