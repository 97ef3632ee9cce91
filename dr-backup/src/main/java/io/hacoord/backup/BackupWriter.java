package io.hacoord.backup;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import io.hacoord.backup.crypto.DataKey;
import io.hacoord.backup.crypto.KeyEncryptionKey;
import io.hacoord.backup.crypto.WrappedDataKey;
import io.hacoord.backup.repository.BackupRepository;
import io.hacoord.backup.repository.PendingBackup;
import io.hacoord.backup.repository.StaleEpochException;
import io.hacoord.backup.source.BackupSource;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes backups: source → zstd → streaming AEAD (a fresh data key, wrapped by the KEK) → repository,
 * then publishes the manifest. Memory is bounded by the buffers (64 KiB), one AEAD segment (1 MiB, plain
 * and encrypted) and zstd's windows (off-heap), whatever the size of the source.
 *
 * <p>Any failure of the source, the pipeline or the repository, or a stale epoch, leaves nothing
 * published and returns {@link BackupOutcome.Failed} with the reason; interruption is rethrown.
 */
public final class BackupWriter {

    private static final Logger LOG = LoggerFactory.getLogger(BackupWriter.class);
    private static final int BUFFER = 1 << 16;

    private final BackupRepository repository;
    private final KeyEncryptionKey kek;
    private final BackupSettings settings;
    private final InstantSource clock;

    public BackupWriter(BackupRepository repository, KeyEncryptionKey kek, BackupSettings settings,
            InstantSource clock) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.kek = Objects.requireNonNull(kek, "kek");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Backs up {@code source} as {@code backupId}, fenced by {@code epoch}.
     *
     * @throws InterruptedException when interrupted; nothing is published then either
     */
    public BackupOutcome backup(String backupId, BackupSource source, long epoch) throws InterruptedException {
        Manifest.requireValidId(backupId);
        Instant started = clock.instant();
        try {
            long highest = repository.highestEpoch();
            if (epoch < highest) {
                // Checked again at publish; this spares writing a whole backup that would be refused.
                return failed(backupId, source, new StaleEpochException("start backup " + backupId, epoch, highest));
            }
        } catch (IOException e) {
            return failed(backupId, source, e);
        }
        try (PendingBackup pending = repository.begin(backupId)) {
            Manifest manifest = writeAndDescribe(backupId, source, epoch, started, pending);
            pending.publish(manifest);
            LOG.info("Backup {} of {} published: {} bytes plain, {} stored, epoch {}", backupId,
                    source.description(), manifest.plainBytes(), manifest.encryptedBytes(), epoch);
            return new BackupOutcome.Published(manifest);
        } catch (IOException | RuntimeException e) {
            return failed(backupId, source, e);
        }
    }

    private static BackupOutcome failed(String backupId, BackupSource source, Exception e) {
        String reason = "backup " + backupId + " of " + source.description() + " failed, nothing published: "
                + e.getMessage();
        LOG.error(reason, e);
        return new BackupOutcome.Failed(backupId, reason);
    }

    private Manifest writeAndDescribe(String backupId, BackupSource source, long epoch, Instant started,
            PendingBackup pending) throws IOException, InterruptedException {
        DataKey dataKey = DataKey.generate();
        WrappedDataKey wrapped = kek.wrap(dataKey, backupId);
        MessageDigest sha256 = sha256();
        ByteCountingOutputStream stored = new ByteCountingOutputStream(
                new DigestOutputStream(pending.data(), sha256));
        ByteCountingOutputStream compressed = new ByteCountingOutputStream(dataKey.encrypting(stored, backupId));
        ZstdOutputStreamNoFinalizer zstd = new ZstdOutputStreamNoFinalizer(compressed, settings.zstdLevel());
        if (settings.zstdWorkers() > 0) {
            zstd.setWorkers(settings.zstdWorkers());
        }
        ByteCountingOutputStream plain = new ByteCountingOutputStream(new BufferedOutputStream(zstd, BUFFER));
        Optional<PostgresDetails> details;
        try (OutputStream pipeline = plain) {
            details = source.writeTo(pipeline);
        }
        return new Manifest(Manifest.FORMAT_VERSION, backupId, source.type(), source.description(), started,
                clock.instant(), plain.count(), compressed.count(), stored.count(),
                HexFormat.of().formatHex(sha256.digest()), settings.zstdLevel(), wrapped, epoch,
                details.orElse(null));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
