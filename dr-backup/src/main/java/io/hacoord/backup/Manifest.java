package io.hacoord.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hacoord.backup.crypto.WrappedDataKey;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The description of one published backup, stored as {@code manifest.json} next to its data.
 *
 * @param sha256 hex SHA-256 of the stored (encrypted) bytes
 * @param dataKey the backup's data key wrapped by the KEK; its {@code kekId} is the key id
 * @param epoch the writer's fencing epoch; the repository refuses a manifest older than the newest it has
 * @param postgres server version, WAL position and row counts for logical dumps, else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(
        int formatVersion,
        String id,
        BackupType type,
        String source,
        Instant startedAt,
        Instant finishedAt,
        long plainBytes,
        long compressedBytes,
        long encryptedBytes,
        String sha256,
        int compressionLevel,
        WrappedDataKey dataKey,
        long epoch,
        PostgresDetails postgres) {

    public static final int FORMAT_VERSION = 1;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

    public Manifest {
        requireValidId(id);
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(dataKey, "dataKey");
        if (formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported manifest format " + formatVersion);
        }
        if (finishedAt.isBefore(startedAt)) {
            throw new IllegalArgumentException("finishedAt " + finishedAt + " is before startedAt " + startedAt);
        }
        if (plainBytes < 0 || compressedBytes < 0 || encryptedBytes < 0) {
            throw new IllegalArgumentException("negative size");
        }
        if (sha256 == null || !HEX_SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits");
        }
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, was " + epoch);
        }
        if ((type == BackupType.POSTGRES_LOGICAL) != (postgres != null)) {
            throw new IllegalArgumentException("postgres details are required for, and only for, logical dumps");
        }
    }

    /** Backup ids name directories: letters, digits, '.', '_' and '-', not starting with a punctuation mark. */
    public static String requireValidId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("invalid backup id: " + id);
        }
        return id;
    }

    /** The same backup with its data key wrapped anew (key rotation). */
    public Manifest withDataKey(WrappedDataKey rewrapped) {
        return new Manifest(formatVersion, id, type, source, startedAt, finishedAt, plainBytes, compressedBytes,
                encryptedBytes, sha256, compressionLevel, rewrapped, epoch, postgres);
    }
}
