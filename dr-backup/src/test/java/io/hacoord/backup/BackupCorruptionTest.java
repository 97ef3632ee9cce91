package io.hacoord.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.hacoord.backup.crypto.KeyEncryptionKey;
import io.hacoord.backup.repository.FileSystemRepository;
import io.hacoord.backup.source.ConfigSnapshotSource;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of damage to a stored backup is found by verification, with a message that says what.
 * The backup is 3.5 MiB of random bytes (zstd can't shrink it), so it spans four 1 MiB AEAD segments.
 */
class BackupCorruptionTest {

    private static final int SEGMENT = 1 << 20;

    @TempDir
    Path root;

    private final KeyEncryptionKey kek = TestKeys.newKek();
    private FileSystemRepository repository;
    private Path data;

    @BeforeEach
    void backUpRandomBytes() throws Exception {
        repository = FileSystemRepository.open(root);
        byte[] content = new byte[(7 << 20) / 2];
        new Random(42).nextBytes(content);
        BackupOutcome outcome = new BackupWriter(repository, kek, new BackupSettings(3, 0), InstantSource.system())
                .backup("b1", new ConfigSnapshotSource("random", content), 1);
        assertThat(outcome).isInstanceOf(BackupOutcome.Published.class);
        data = root.resolve("backups/b1/data");
        assertThat(Files.size(data)).isGreaterThan(3L * SEGMENT);
    }

    private VerificationOutcome verify(KeyEncryptionKey key) throws InterruptedException {
        return new BackupVerifier(repository, key, Optional.empty(), InstantSource.system()).verify("b1");
    }

    @Test
    void anUntouchedBackupPassesWithItsPlainSize() throws Exception {
        assertThat(verify(kek)).isEqualTo(new VerificationOutcome.Passed("b1", (7 << 20) / 2, 0));
    }

    @Test
    void aFlippedByteFailsAuthentication() throws Exception {
        StoredBytes.flip(data, 2 * SEGMENT + 12345);

        assertThat(reason(verify(kek))).contains("authentication of the encrypted data failed");
    }

    @Test
    void aFlippedByteInTheHeaderFailsAuthentication() throws Exception {
        StoredBytes.flip(data, 3);

        assertThat(reason(verify(kek))).contains("authentication of the encrypted data failed");
    }

    @Test
    void aTruncatedFileIsReportedAsTruncated() throws Exception {
        try (RandomAccessFile file = new RandomAccessFile(data.toFile(), "rw")) {
            file.setLength(file.length() - 100);
        }

        assertThat(reason(verify(kek))).contains("truncated or extended");
    }

    @Test
    void aTruncationAtASegmentBoundaryWithAMatchingManifestSizeStillFailsAuthentication() throws Exception {
        // Cut the last segment and claim the shorter size: only the AEAD's last-segment flag can tell.
        long cut = 3L * SEGMENT;
        try (RandomAccessFile file = new RandomAccessFile(data.toFile(), "rw")) {
            file.setLength(cut);
        }
        Manifest m = repository.manifest("b1").orElseThrow();
        String json = Json.MAPPER.writeValueAsString(m).replace("\"encryptedBytes\" : " + m.encryptedBytes(),
                "\"encryptedBytes\" : " + cut);
        Files.writeString(root.resolve("backups/b1/manifest.json"), json);

        assertThat(reason(verify(kek))).contains("authentication of the encrypted data failed");
    }

    @Test
    void swappedSegmentsFailAuthentication() throws Exception {
        byte[] bytes = Files.readAllBytes(data);
        byte[] second = java.util.Arrays.copyOfRange(bytes, SEGMENT, 2 * SEGMENT);
        System.arraycopy(bytes, 2 * SEGMENT, bytes, SEGMENT, SEGMENT);
        System.arraycopy(second, 0, bytes, 2 * SEGMENT, SEGMENT);
        Files.write(data, bytes);

        assertThat(reason(verify(kek))).contains("authentication of the encrypted data failed near stored byte");
    }

    @Test
    void aMissingManifestIsReportedAsNotPublished() throws Exception {
        Files.delete(root.resolve("backups/b1/manifest.json"));

        assertThat(reason(verify(kek))).contains("has data but no manifest.json");
    }

    @Test
    void aWrongKeyIsReportedAsAKeyProblem() throws Exception {
        assertThat(reason(verify(TestKeys.newKek()))).contains("cannot unwrap the data key of backup b1")
                .contains("wrong key");
    }

    @Test
    void dataOfAnotherBackupFailsAuthenticationEvenWithAValidKey() throws Exception {
        new BackupWriter(repository, kek, new BackupSettings(3, 0), InstantSource.system())
                .backup("b2", new ConfigSnapshotSource("other", new byte[10]), 1);
        Files.copy(root.resolve("backups/b2/data"), data, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Manifest m = repository.manifest("b1").orElseThrow();
        long size = Files.size(data);
        Files.writeString(root.resolve("backups/b1/manifest.json"), Json.MAPPER.writeValueAsString(m)
                .replace("\"encryptedBytes\" : " + m.encryptedBytes(), "\"encryptedBytes\" : " + size));

        assertThat(reason(verify(kek))).contains("authentication of the encrypted data failed");
    }

    @Test
    void theFailureIsRecordedForRetention() throws Exception {
        StoredBytes.flip(data, 100);

        new BackupVerifier(repository, kek, Optional.empty(), InstantSource.system()).verifyAndRecord("b1", 1);

        assertThat(repository.verification("b1")).hasValueSatisfying(v -> {
            assertThat(v.passed()).isFalse();
            assertThat(v.reason()).contains("authentication");
        });
    }

    static String reason(VerificationOutcome outcome) {
        assertThat(outcome).isInstanceOf(VerificationOutcome.Failed.class);
        return ((VerificationOutcome.Failed) outcome).reason();
    }
}
