package io.hacoord.backup;

/**
 * Pipeline settings.
 *
 * @param zstdLevel zstd level, 1..19 (3 is zstd's default: fast, and well ahead of any network or disk)
 * @param zstdWorkers zstd worker threads; 0 compresses in the calling thread. Workers pay off when the
 *     source is faster than one core of zstd (files, a fast pg_dump); each holds a few MB off-heap.
 */
public record BackupSettings(int zstdLevel, int zstdWorkers) {

    public static final int DEFAULT_ZSTD_LEVEL = 3;

    public BackupSettings {
        if (zstdLevel < 1 || zstdLevel > 19) {
            throw new IllegalArgumentException("zstdLevel must be in 1..19, was " + zstdLevel);
        }
        if (zstdWorkers < 0 || zstdWorkers > 64) {
            throw new IllegalArgumentException("zstdWorkers must be in 0..64, was " + zstdWorkers);
        }
    }

    /** Level 3, one worker per core beyond the one pg_dump needs, at most 4. */
    public static BackupSettings defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new BackupSettings(DEFAULT_ZSTD_LEVEL, Math.min(4, Math.max(0, cores - 1)));
    }
}
