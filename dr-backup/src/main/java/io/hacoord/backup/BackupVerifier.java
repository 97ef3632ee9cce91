package io.hacoord.backup;

import io.hacoord.backup.crypto.KeyEncryptionKey;
import io.hacoord.backup.crypto.KeyUnwrapException;
import io.hacoord.backup.repository.BackupRepository;
import io.hacoord.backup.repository.VerificationRecord;
import io.hacoord.backup.source.PostgresTools;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves that a stored backup is whole and readable without restoring it: the manifest is there, the
 * stored size matches, the KEK unwraps the data key, every AEAD segment authenticates, zstd decodes,
 * the SHA-256 matches, and for logical dumps {@code pg_restore --list} reads the archive's TOC.
 */
public final class BackupVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(BackupVerifier.class);
    private static final Duration PG_RESTORE_LIST_TIMEOUT = Duration.ofMinutes(5);

    private final BackupRepository repository;
    private final BackupReader reader;
    private final Optional<PostgresTools> tools;
    private final InstantSource clock;

    /** {@code tools} is needed to verify logical dumps; without it they fail verification, never pass silently. */
    public BackupVerifier(BackupRepository repository, KeyEncryptionKey kek, Optional<PostgresTools> tools,
            InstantSource clock) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.reader = new BackupReader(repository, kek);
        this.tools = Objects.requireNonNull(tools, "tools");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Verifies, and records the outcome in the repository (fenced by {@code epoch}) for retention. */
    public VerificationOutcome verifyAndRecord(String backupId, long epoch) throws IOException, InterruptedException {
        VerificationOutcome outcome = verify(backupId);
        String reason = switch (outcome) {
            case VerificationOutcome.Passed p -> "verified: " + p.plainBytes() + " bytes, " + p.tocEntries() + " TOC entries";
            case VerificationOutcome.Failed f -> f.reason();
        };
        if (repository.hasData(backupId)) {
            repository.recordVerification(new VerificationRecord(backupId, clock.instant(),
                    outcome instanceof VerificationOutcome.Passed, reason), epoch);
        }
        return outcome;
    }

    public VerificationOutcome verify(String backupId) throws InterruptedException {
        try {
            Optional<Manifest> manifest = repository.manifest(backupId);
            if (manifest.isEmpty()) {
                return failed(backupId, repository.hasData(backupId)
                        ? "backup " + backupId + " has data but no manifest.json: it was never published or its"
                                + " manifest was lost, so its key and hash are unknown"
                        : "there is no backup " + backupId);
            }
            long size = repository.dataSize(backupId);
            if (size != manifest.get().encryptedBytes()) {
                return failed(backupId, "stored data of " + backupId + " is " + size + " bytes, the manifest says "
                        + manifest.get().encryptedBytes() + ": truncated or extended");
            }
            return readThrough(manifest.get());
        } catch (KeyUnwrapException e) {
            return failed(backupId, e.getMessage());
        } catch (IOException e) {
            return failed(backupId, "backup " + backupId + " is corrupt: " + e.getMessage());
        }
    }

    private VerificationOutcome readThrough(Manifest manifest) throws IOException, InterruptedException {
        try (InputStream plain = reader.open(manifest)) {
            if (manifest.type() != BackupType.POSTGRES_LOGICAL) {
                long n = plain.transferTo(OutputStream.nullOutputStream());
                return checkPlainSize(manifest, n, 0);
            }
            if (tools.isEmpty()) {
                return failed(manifest.id(), "cannot verify logical dump " + manifest.id()
                        + ": no PostgreSQL tools configured for pg_restore --list");
            }
            return listArchive(manifest, plain);
        }
    }

    /** Feeds the plaintext to {@code pg_restore --list}, and keeps reading to the end when it stops early. */
    private VerificationOutcome listArchive(Manifest manifest, InputStream plain)
            throws IOException, InterruptedException {
        try (PostgresTools.RunningTool list = tools.get().start("pg_restore", List.of("--list"))) {
            CompletableFuture<Integer> entries = CompletableFuture.supplyAsync(
                    () -> countTocEntries(list.process().getInputStream()), r -> Thread.ofVirtual().start(r));
            long n = copyUntilReaderStops(plain, list.process().getOutputStream());
            list.awaitSuccess(PG_RESTORE_LIST_TIMEOUT);
            return checkPlainSize(manifest, n, entries.get());
        } catch (IOException e) {
            if (e instanceof BackupCorruptException) {
                throw e;
            }
            return failed(manifest.id(), "pg_restore --list rejects the dump of " + manifest.id() + ": " + e.getMessage());
        } catch (ExecutionException e) {
            return failed(manifest.id(), "cannot read pg_restore --list output: " + e.getCause().getMessage());
        }
    }

    private static long copyUntilReaderStops(InputStream plain, OutputStream sink) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        boolean sinkOpen = true;
        for (int n; (n = plain.read(buffer)) >= 0; ) {
            total += n;
            if (sinkOpen) {
                try {
                    sink.write(buffer, 0, n);
                } catch (IOException closedEarly) {
                    sinkOpen = false; // pg_restore --list reads only the TOC; we still authenticate the rest.
                }
            }
        }
        try {
            sink.close();
        } catch (IOException alreadyClosed) {
            // Same as above.
        }
        return total;
    }

    private static int countTocEntries(InputStream listing) {
        int entries = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(listing, StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                if (!line.isBlank() && !line.startsWith(";")) {
                    entries++;
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return entries;
    }

    private VerificationOutcome checkPlainSize(Manifest manifest, long plainBytes, int tocEntries) {
        if (plainBytes != manifest.plainBytes()) {
            return failed(manifest.id(), "backup " + manifest.id() + " decrypts to " + plainBytes
                    + " bytes, the manifest says " + manifest.plainBytes());
        }
        LOG.info("Backup {} verified: {} bytes plain, {} TOC entries", manifest.id(), plainBytes, tocEntries);
        return new VerificationOutcome.Passed(manifest.id(), plainBytes, tocEntries);
    }

    private static VerificationOutcome failed(String backupId, String reason) {
        LOG.error("Backup {} failed verification: {}", backupId, reason);
        return new VerificationOutcome.Failed(backupId, reason);
    }
}
