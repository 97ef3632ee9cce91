package io.hacoord.backup;

/** What a backup holds, which says how to restore and verify it. */
public enum BackupType {
    /** {@code pg_dump -Fc -Z0} output: verified with {@code pg_restore --list}, restored with {@code pg_restore}. */
    POSTGRES_LOGICAL,
    /** A directory as a tar stream. */
    FILES,
    /** A configuration snapshot handed in by the caller, stored as given. */
    CONFIG
}
