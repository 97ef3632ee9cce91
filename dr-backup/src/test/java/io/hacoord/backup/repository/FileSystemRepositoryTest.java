package io.hacoord.backup.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hacoord.backup.BackupOutcome;
import io.hacoord.backup.BackupSettings;
import io.hacoord.backup.BackupWriter;
import io.hacoord.backup.Json;
import io.hacoord.backup.Manifest;
import io.hacoord.backup.PostgresDetails;
import io.hacoord.backup.TestKeys;
import io.hacoord.backup.crypto.KeyEncryptionKey;
import io.hacoord.backup.source.BackupSource;
import io.hacoord.backup.source.ConfigSnapshotSource;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemRepositoryTest {

    @TempDir
    Path root;

    private FileSystemRepository repository;
    private final KeyEncryptionKey kek = TestKeys.newKek();

    @BeforeEach
    void open() throws IOException {
        repository = FileSystemRepository.open(root);
    }

    private BackupWriter writer(BackupRepository repo) {
        return new BackupWriter(repo, kek, new BackupSettings(3, 0), InstantSource.system());
    }

    @Test
    void aPublishedBackupHasItsDataAndManifestAndIsListed() throws Exception {
        BackupOutcome outcome = writer(repository).backup("b1", config("a: 1\n".repeat(100)), 7);

        assertThat(outcome).isInstanceOf(BackupOutcome.Published.class);
        Manifest manifest = repository.manifest("b1").orElseThrow();
        assertThat(manifest.epoch()).isEqualTo(7);
        assertThat(manifest.plainBytes()).isEqualTo(500);
        assertThat(manifest.encryptedBytes()).isEqualTo(Files.size(root.resolve("backups/b1/data")));
        assertThat(manifest.dataKey().kekId()).isEqualTo(kek.primaryKeyId());
        assertThat(repository.manifests()).extracting(Manifest::id).containsExactly("b1");
        assertThat(repository.highestEpoch()).isEqualTo(7);
        assertThat(stagingEntries()).isZero();
    }

    @Test
    void theManifestHoldsNoSecret() throws Exception {
        writer(repository).backup("b1", config("secret-free"), 1);

        String json = Files.readString(root.resolve("backups/b1/manifest.json"));
        assertThat(json).contains("\"kekId\"").contains("\"encryptedKeyset\"")
                .doesNotContain("\"value\"").doesNotContain("keyMaterial").doesNotContain("secret-free");
    }

    @Test
    void aManifestFromAnOlderEpochIsRefusedAndNothingIsPublished() throws Exception {
        assertThat(writer(repository).backup("new", config("x"), 9)).isInstanceOf(BackupOutcome.Published.class);

        BackupOutcome stale = writer(repository).backup("stale", config("y"), 8);

        assertThat(stale).isInstanceOfSatisfying(BackupOutcome.Failed.class, f -> assertThat(f.reason())
                .contains("epoch 8 is older than epoch 9"));
        assertThat(repository.manifests()).extracting(Manifest::id).containsExactly("new");
        assertThat(Files.exists(root.resolve("backups/stale"))).isFalse();
    }

    @Test
    void aStaleEpochIsRefusedAtPublishEvenWhenANewerLeaderWroteMeanwhile() throws Exception {
        try (PendingBackup pending = repository.begin("slow")) {
            pending.data().write(1);
            pending.data().close();
            assertThat(writer(repository).backup("newer", config("x"), 5)).isInstanceOf(BackupOutcome.Published.class);

            assertThatThrownBy(() -> pending.publish(manifestOf("slow", 4)))
                    .isInstanceOf(StaleEpochException.class).hasMessageContaining("epoch 4 is older than epoch 5");
        }
        assertThat(repository.manifest("slow")).isEmpty();
        assertThat(stagingEntries()).isZero();
    }

    @Test
    void aFullDiskMidBackupLeavesNothingPublishedAndNothingInStaging() throws Exception {
        byte[] random = new byte[3 << 20];
        new Random(1).nextBytes(random);
        BackupRepository full = new DiskFullRepository(repository, 1 << 20);

        BackupOutcome outcome = writer(full).backup("b1", new ConfigSnapshotSource("big", random), 1);

        assertThat(outcome).isInstanceOfSatisfying(BackupOutcome.Failed.class,
                f -> assertThat(f.reason()).contains("No space left on device").contains("nothing published"));
        assertThat(repository.manifests()).isEmpty();
        assertThat(Files.exists(root.resolve("backups/b1"))).isFalse();
        assertThat(stagingEntries()).isZero();
    }

    @Test
    void aSourceFailingMidStreamLeavesNothingPublished() throws Exception {
        BackupSource failing = new BackupSource() {
            @Override
            public io.hacoord.backup.BackupType type() {
                return io.hacoord.backup.BackupType.CONFIG;
            }

            @Override
            public String description() {
                return "failing";
            }

            @Override
            public Optional<PostgresDetails> writeTo(OutputStream out) throws IOException {
                out.write(new byte[200_000]);
                throw new IOException("source went away");
            }
        };

        BackupOutcome outcome = writer(repository).backup("b1", failing, 1);

        assertThat(outcome).isInstanceOfSatisfying(BackupOutcome.Failed.class,
                f -> assertThat(f.reason()).contains("source went away"));
        assertThat(repository.manifests()).isEmpty();
        assertThat(stagingEntries()).isZero();
    }

    @Test
    void deletionAndVerificationRecordsAreFencedToo() throws Exception {
        writer(repository).backup("b1", config("x"), 3);
        repository.recordVerification(new VerificationRecord("b1", java.time.Instant.now(), true, "ok"), 4);

        assertThatThrownBy(() -> repository.delete("b1", 2)).isInstanceOf(StaleEpochException.class);
        assertThat(repository.verification("b1")).hasValueSatisfying(v -> assertThat(v.passed()).isTrue());

        repository.delete("b1", 4);
        assertThat(repository.manifests()).isEmpty();
        assertThat(repository.hasData("b1")).isFalse();
    }

    @Test
    void theEpochSurvivesReopeningTheRepository() throws Exception {
        writer(repository).backup("b1", config("x"), 11);

        FileSystemRepository reopened = FileSystemRepository.open(root);

        assertThat(reopened.highestEpoch()).isEqualTo(11);
        assertThat(writer(reopened).backup("b2", config("y"), 10)).isInstanceOf(BackupOutcome.Failed.class);
    }

    @Test
    void aBackupIdIsNeverReused() throws Exception {
        writer(repository).backup("b1", config("x"), 1);

        assertThatThrownBy(() -> repository.begin("b1")).hasMessageContaining("already exists");
        assertThatThrownBy(() -> repository.begin("../escape")).hasMessageContaining("invalid backup id");
    }

    @Test
    void anUnreadableManifestHidesOnlyItsOwnBackup() throws Exception {
        writer(repository).backup("good", config("x"), 1);
        writer(repository).backup("bad", config("y"), 1);
        Files.writeString(root.resolve("backups/bad/manifest.json"), "{ not json");

        assertThat(repository.manifests()).extracting(Manifest::id).containsExactly("good");
        assertThatThrownBy(() -> repository.manifest("bad")).isInstanceOf(IOException.class);
    }

    private Manifest manifestOf(String id, long epoch) throws IOException {
        Manifest template = repository.manifests().getFirst();
        String json = Json.MAPPER.writeValueAsString(template).replace("\"" + template.id() + "\"", "\"" + id + "\"")
                .replace("\"epoch\" : " + template.epoch(), "\"epoch\" : " + epoch);
        return Json.MAPPER.readValue(json, Manifest.class);
    }

    private long stagingEntries() throws IOException {
        try (Stream<Path> entries = Files.list(root.resolve("staging"))) {
            return entries.count();
        }
    }

    private static ConfigSnapshotSource config(String text) {
        return new ConfigSnapshotSource("cluster.yaml", text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
