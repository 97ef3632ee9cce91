package io.hacoord.backup.restore;

import io.hacoord.backup.BackupCorruptException;
import io.hacoord.backup.BackupReader;
import io.hacoord.backup.BackupType;
import io.hacoord.backup.Manifest;
import io.hacoord.backup.crypto.KeyEncryptionKey;
import io.hacoord.backup.repository.BackupRepository;
import io.hacoord.backup.source.PostgresConnection;
import io.hacoord.backup.source.PostgresTools;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a logical dump into an existing (normally empty) target database.
 * <ul>
 *   <li>{@code jobs == 1}: the plaintext streams into {@code pg_restore}'s stdin: no temporary file.</li>
 *   <li>{@code jobs > 1}: {@code pg_restore -j} needs a seekable file, so the plaintext is first written
 *       to a temporary file in {@code tempDir} (deleted afterwards); it holds the whole dump unencrypted,
 *       so {@code tempDir} must be as private as the database itself.</li>
 * </ul>
 * The restore stops at the first error ({@code --exit-on-error}); objects keep the restoring user as
 * owner ({@code --no-owner}). A corrupt backup fails the restore with a {@code BackupCorruptException}.
 * A failed streamed restore may leave the target partly restored (pg_restore has applied what it read
 * before the bad segment): restore into a new database and drop it on failure, as drills do.
 */
public final class PostgresRestorer {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresRestorer.class);

    private final BackupRepository repository;
    private final BackupReader reader;
    private final PostgresTools tools;
    private final Path tempDir;
    private final Duration timeout;

    public PostgresRestorer(BackupRepository repository, KeyEncryptionKey kek, PostgresTools tools, Path tempDir,
            Duration timeout) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.reader = new BackupReader(repository, kek);
        this.tools = Objects.requireNonNull(tools, "tools");
        this.tempDir = Objects.requireNonNull(tempDir, "tempDir");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** Restores {@code backupId} into {@code target} with {@code jobs} parallel jobs; measures the duration. */
    public RestoreResult restore(String backupId, PostgresConnection target, int jobs)
            throws IOException, InterruptedException {
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be >= 1, was " + jobs);
        }
        Manifest manifest = repository.manifest(backupId)
                .orElseThrow(() -> new IOException("there is no published backup " + backupId));
        if (manifest.type() != BackupType.POSTGRES_LOGICAL) {
            throw new IllegalArgumentException("backup " + backupId + " is " + manifest.type() + ", not a logical dump");
        }
        long start = System.nanoTime();
        if (jobs == 1) {
            streamed(manifest, target);
        } else {
            viaTemporaryFile(manifest, target, jobs);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        LOG.info("Backup {} restored into {} with {} job(s) in {} ms", backupId, target.description(), jobs,
                took.toMillis());
        return new RestoreResult(backupId, target.description(), jobs, took);
    }

    private void streamed(Manifest manifest, PostgresConnection target) throws IOException, InterruptedException {
        try (PostgresTools.RunningTool restore = tools.start("pg_restore", target, baseArguments());
                InputStream plain = reader.open(manifest)) {
            restore.process().getInputStream().close();
            try (OutputStream stdin = restore.process().getOutputStream()) {
                byte[] buffer = new byte[1 << 16]; // a whole pipe's worth per write
                for (int n; (n = plain.read(buffer)) >= 0; ) {
                    stdin.write(buffer, 0, n);
                }
            } catch (BackupCorruptException e) {
                throw e; // The backup is bad: that is the reason, not pg_restore's complaint about a short input.
            } catch (IOException e) {
                // A broken pipe usually means pg_restore stopped on an error: its stderr says which.
                if (restore.process().waitFor(10, TimeUnit.SECONDS) && restore.process().exitValue() != 0) {
                    throw new IOException("pg_restore failed (exit " + restore.process().exitValue() + "): "
                            + restore.stderr(), e);
                }
                throw e;
            }
            restore.awaitSuccess(timeout);
        }
    }

    private void viaTemporaryFile(Manifest manifest, PostgresConnection target, int jobs)
            throws IOException, InterruptedException {
        Path file = Files.createTempFile(tempDir, "restore-" + manifest.id() + "-", ".dump");
        try {
            try (InputStream plain = reader.open(manifest); OutputStream out = Files.newOutputStream(file)) {
                plain.transferTo(out);
            }
            List<String> args = baseArguments();
            args.add("--jobs=" + jobs);
            args.add(file.toString());
            try (PostgresTools.RunningTool restore = tools.start("pg_restore", target, args)) {
                restore.process().getOutputStream().close();
                restore.process().getInputStream().transferTo(OutputStream.nullOutputStream());
                restore.awaitSuccess(timeout);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static List<String> baseArguments() {
        return new ArrayList<>(List.of("--no-owner", "--exit-on-error"));
    }
}
