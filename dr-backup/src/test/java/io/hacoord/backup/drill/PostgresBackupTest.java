package io.hacoord.backup.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.KeysetHandle;
import io.hacoord.backup.BackupCorruptException;
import io.hacoord.backup.BackupOutcome;
import io.hacoord.backup.BackupSettings;
import io.hacoord.backup.BackupType;
import io.hacoord.backup.BackupVerifier;
import io.hacoord.backup.BackupWriter;
import io.hacoord.backup.Manifest;
import io.hacoord.backup.MutableClock;
import io.hacoord.backup.PostgresDetails;
import io.hacoord.backup.TestKeys;
import io.hacoord.backup.VerificationOutcome;
import io.hacoord.backup.crypto.DataKeyRewrapper;
import io.hacoord.backup.crypto.KeyEncryptionKey;
import io.hacoord.backup.repository.FileSystemRepository;
import io.hacoord.backup.restore.PostgresRestorer;
import io.hacoord.backup.restore.RestoreResult;
import io.hacoord.backup.source.BackupSource;
import io.hacoord.backup.source.PostgresConnection;
import io.hacoord.backup.source.PostgresLogicalSource;
import io.hacoord.backup.source.PostgresTools;
import io.hacoord.testservers.PostgresServer;
import io.hacoord.testservers.TestServers;
import java.io.OutputStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backup → verify → restore → drill against a real PostgreSQL started by the harness. */
class PostgresBackupTest {

    private static final String PASSWORD = "pw-" + UUID.randomUUID();

    private static PostgresServer postgres;
    private static PostgresConnection admin;
    private static PostgresConnection app;
    private static PostgresTools tools;

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T03:00:00Z"));
    private KeysetHandle keyset;
    private KeyEncryptionKey kek;
    private FileSystemRepository repository;

    @BeforeAll
    static void startPostgresWithData() throws SQLException {
        postgres = TestServers.postgres();
        tools = new PostgresTools(TestServers.postgresBinDir().orElseThrow());
        // The harness trusts 127.0.0.1, so any password logs in: a distinctive one shows where it could leak.
        admin = new PostgresConnection(postgres.host(), postgres.port(), "postgres", postgres.user(), PASSWORD);
        app = admin.withDatabase("app");
        DrillRunner.execute(admin, "CREATE DATABASE app");
        for (String sql : List.of(
                "CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL)",
                "INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 1000) g",
                "CREATE TABLE orders (id bigint PRIMARY KEY, customer int REFERENCES customers, total numeric)",
                "INSERT INTO orders SELECT g, 1 + g % 1000, g * 1.5 FROM generate_series(1, 5000) g",
                "CREATE INDEX orders_customer ON orders (customer)",
                "CREATE SCHEMA audit",
                "CREATE TABLE audit.\"Log Entries\" (at timestamptz DEFAULT now(), what text)",
                "INSERT INTO audit.\"Log Entries\" (what) SELECT 'event ' || g FROM generate_series(1, 7) g")) {
            DrillRunner.execute(app, sql);
        }
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void openRepository() throws Exception {
        keyset = TestKeys.newKeyset();
        kek = KeyEncryptionKey.of(keyset);
        repository = FileSystemRepository.open(tmp.resolve("repo"));
    }

    @Test
    void aLogicalBackupRecordsTheServerAndExactRowCountsAndVerifies() throws Exception {
        Manifest manifest = backUp("pg-1", kek);

        assertThat(manifest.type()).isEqualTo(BackupType.POSTGRES_LOGICAL);
        assertThat(manifest.source()).isEqualTo("postgres://postgres@127.0.0.1:" + postgres.port() + "/app");
        assertThat(tmp.resolve("repo/backups/pg-1/manifest.json")).content().doesNotContain(PASSWORD);
        assertThat(app.toString()).doesNotContain(PASSWORD);
        assertThat(manifest.postgres().serverVersion()).startsWith("15.");
        assertThat(manifest.postgres().walLsn()).matches("[0-9A-F]+/[0-9A-F]+");
        assertThat(manifest.postgres().rowCounts()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "public.customers", 1000L, "public.orders", 5000L, "audit.\"Log Entries\"", 7L));
        assertThat(manifest.compressedBytes()).isLessThan(manifest.plainBytes());

        VerificationOutcome outcome = verifier(kek).verify("pg-1");

        assertThat(outcome).isInstanceOfSatisfying(VerificationOutcome.Passed.class,
                p -> assertThat(p.tocEntries()).isGreaterThan(5));
    }

    @Test
    void restoreStreamedAndWithParallelJobsBringsBackEveryRow() throws Exception {
        backUp("pg-1", kek);
        PostgresRestorer restorer = new PostgresRestorer(repository, kek, tools, tmp, Duration.ofMinutes(5));

        for (int jobs : new int[] {1, 2}) {
            PostgresConnection target = scratchDatabase();
            RestoreResult result = restorer.restore("pg-1", target, jobs);

            assertThat(result.jobs()).isEqualTo(jobs);
            assertThat(result.duration()).isPositive();
            assertThat(DrillRunner.rowCounts(target, List.of("public.customers", "public.orders",
                    "audit.\"Log Entries\""))).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "public.customers", 1000L, "public.orders", 5000L, "audit.\"Log Entries\"", 7L));
        }
        assertThat(tmp.toFile().list()).containsExactly("repo");
    }

    @Test
    void aCorruptBackupFailsTheRestore() throws Exception {
        backUp("pg-1", kek);
        io.hacoord.backup.StoredBytes.flip(tmp.resolve("repo/backups/pg-1/data"), 5000);
        PostgresRestorer restorer = new PostgresRestorer(repository, kek, tools, tmp, Duration.ofMinutes(5));

        assertThatThrownBy(() -> restorer.restore("pg-1", scratchDatabase(), 2))
                .isInstanceOf(BackupCorruptException.class).hasMessageContaining("authentication");
    }

    @Test
    void aRestoreThatPgRestoreRejectsFailsWithPgRestoresMessage() throws Exception {
        backUp("pg-1", kek);
        PostgresRestorer restorer = new PostgresRestorer(repository, kek, tools, tmp, Duration.ofMinutes(5));
        PostgresConnection target = scratchDatabase();
        restorer.restore("pg-1", target, 1);

        assertThatThrownBy(() -> restorer.restore("pg-1", target, 1))
                .hasMessageContaining("pg_restore failed (exit 1)").hasMessageContaining("already exists");
    }

    @Test
    void aDrillOfACorruptBackupFailsAndSaysWhy() throws Exception {
        backUp("pg-1", kek);
        io.hacoord.backup.StoredBytes.flip(tmp.resolve("repo/backups/pg-1/data"), 100);

        DrillReport report = drills(kek).run(DrillPlan.latest(), 1);

        assertThat(report.passed()).isFalse();
        assertThat(report.rto()).isNull();
        assertThat(report.failures()).singleElement().asString()
                .startsWith("restore of pg-1 failed: authentication of the encrypted data failed");
        assertThat(databases()).noneMatch(name -> name.startsWith("drill_"));
    }

    @Test
    void aDrillRestoresChecksAndRecordsPassWithMeasuredRtoAndRpo() throws Exception {
        backUp("pg-1", kek);
        clock.advance(Duration.ofMinutes(10));

        DrillReport report = drills(kek).run(new DrillPlan(null, 1,
                List.of("SELECT count(*) = 5000 FROM orders", "SELECT sum(total) FROM orders")), 3);

        assertThat(report.failures()).isEmpty();
        assertThat(report.passed()).isTrue();
        assertThat(report.backupId()).isEqualTo("pg-1");
        assertThat(report.rpo()).isEqualTo(Duration.ofMinutes(10));
        assertThat(report.rto()).isPositive();
        assertThat(report.checks()).contains("pg_amcheck found no corruption",
                "3 of 3 tables have the row counts of the manifest",
                "smoke SQL passed: SELECT count(*) = 5000 FROM orders");
        assertThat(repository.drillReports()).containsExactly(report);
        assertThat(databases()).noneMatch(name -> name.startsWith("drill_"));
    }

    @Test
    void aDrillFailsWithReasonsWhenRowCountsOrSmokeSqlDisagree() throws Exception {
        Manifest manifest = backUp("pg-1", kek);
        Map<String, Long> wrong = new HashMap<>(manifest.postgres().rowCounts());
        wrong.put("public.orders", 4999L);
        wrong.put("public.vanished", 1L);
        PostgresDetails p = manifest.postgres();
        repository.replaceManifest(new Manifest(manifest.formatVersion(), manifest.id(), manifest.type(),
                manifest.source(), manifest.startedAt(), manifest.finishedAt(), manifest.plainBytes(),
                manifest.compressedBytes(), manifest.encryptedBytes(), manifest.sha256(), manifest.compressionLevel(),
                manifest.dataKey(), manifest.epoch(), new PostgresDetails(p.serverVersion(), p.walLsn(), wrong)), 1);

        DrillReport report = drills(kek).run(new DrillPlan(null, 2, List.of("SELECT false", "SELECT * FROM nope")), 1);

        assertThat(report.passed()).isFalse();
        assertThat(report.failures()).hasSize(4).contains(
                "table public.orders has 5000 rows, the manifest says 4999",
                "table public.vanished is missing from the restored database",
                "smoke SQL returned false: SELECT false")
                .anyMatch(f -> f.startsWith("smoke SQL failed: SELECT * FROM nope: ") && f.contains("does not exist"));
        assertThat(databases()).noneMatch(name -> name.startsWith("drill_"));
    }

    @Test
    void aRandomDrillPicksOnlyFromTheWindowAndFailsWhenItIsEmpty() throws Exception {
        backUp("old", kek);
        clock.advance(Duration.ofDays(3));
        backUp("recent", kek);
        clock.advance(Duration.ofHours(1));

        DrillReport inWindow = drills(kek).run(new DrillPlan(Duration.ofDays(1), 1, List.of()), 1);
        clock.advance(Duration.ofDays(5));
        DrillReport empty = drills(kek).run(new DrillPlan(Duration.ofDays(1), 1, List.of()), 1);

        assertThat(inWindow.backupId()).isEqualTo("recent");
        assertThat(inWindow.passed()).isTrue();
        assertThat(empty.passed()).isFalse();
        assertThat(empty.failures()).containsExactly("there is no logical backup within PT24H");
        assertThat(repository.drillReports()).hasSize(2);
    }

    @Test
    void aDumpThatFailsLeavesNoPublishedBackup() throws Exception {
        BackupOutcome outcome = writer(kek).backup("pg-missing",
                new PostgresLogicalSource(admin.withDatabase("no_such_db"), tools, Duration.ofMinutes(1)), 1);

        assertThat(outcome).isInstanceOfSatisfying(BackupOutcome.Failed.class,
                f -> assertThat(f.reason()).contains("no_such_db").contains("nothing published"));
        assertThat(repository.manifests()).isEmpty();
    }

    @Test
    void pgRestoreListRejectsALogicalBackupThatIsNotADump() throws Exception {
        BackupSource notADump = new BackupSource() {
            @Override
            public BackupType type() {
                return BackupType.POSTGRES_LOGICAL;
            }

            @Override
            public String description() {
                return "not a dump";
            }

            @Override
            public Optional<PostgresDetails> writeTo(OutputStream out) throws java.io.IOException {
                out.write("PGDMP but not really".repeat(1000).getBytes());
                return Optional.of(new PostgresDetails("15", "0/0", Map.of()));
            }
        };
        writer(kek).backup("fake", notADump, 1);

        VerificationOutcome outcome = verifier(kek).verify("fake");

        assertThat(outcome).isInstanceOfSatisfying(VerificationOutcome.Failed.class,
                f -> assertThat(f.reason()).contains("pg_restore --list rejects the dump of fake"));
    }

    @Test
    void afterKeyRotationOldBackupsRestoreAndRewrapLetsTheOldKeyGo() throws Exception {
        Manifest before = backUp("before-rotation", kek);
        byte[] storedBefore = java.nio.file.Files.readAllBytes(tmp.resolve("repo/backups/before-rotation/data"));
        KeysetHandle rotated = TestKeys.rotated(keyset);
        KeyEncryptionKey rotatedKek = KeyEncryptionKey.of(rotated);
        Manifest after = backUp("after-rotation", rotatedKek);

        assertThat(after.dataKey().kekId()).isEqualTo(rotatedKek.primaryKeyId()).isNotEqualTo(kek.primaryKeyId());
        assertThat(verifier(rotatedKek).verify("before-rotation")).isInstanceOf(VerificationOutcome.Passed.class);

        int rewrapped = new DataKeyRewrapper(repository, rotatedKek).rewrapAll(1);
        Manifest moved = repository.manifest("before-rotation").orElseThrow();
        KeysetHandle.Builder withoutOldKey = KeysetHandle.newBuilder(rotated);
        withoutOldKey.removeAt(indexOf(rotated, kek.primaryKeyId()));
        KeyEncryptionKey newKeyOnly = KeyEncryptionKey.of(withoutOldKey.build());

        assertThat(rewrapped).isEqualTo(1);
        assertThat(moved.dataKey().kekId()).isEqualTo(rotatedKek.primaryKeyId());
        assertThat(moved.sha256()).isEqualTo(before.sha256());
        assertThat(tmp.resolve("repo/backups/before-rotation/data")).hasBinaryContent(storedBefore);
        assertThat(verifier(kek).verify("before-rotation")).isInstanceOf(VerificationOutcome.Failed.class);
        assertThat(verifier(newKeyOnly).verify("before-rotation")).isInstanceOf(VerificationOutcome.Passed.class);
        RestoreResult restored = new PostgresRestorer(repository, newKeyOnly, tools, tmp, Duration.ofMinutes(5))
                .restore("before-rotation", scratchDatabase(), 1);
        assertThat(restored.duration()).isPositive();
    }

    private Manifest backUp(String id, KeyEncryptionKey key) throws InterruptedException {
        BackupOutcome outcome = writer(key).backup(id, new PostgresLogicalSource(app, tools, Duration.ofMinutes(2)), 1);
        assertThat(outcome).isInstanceOf(BackupOutcome.Published.class);
        return ((BackupOutcome.Published) outcome).manifest();
    }

    private BackupWriter writer(KeyEncryptionKey key) {
        return new BackupWriter(repository, key, new BackupSettings(3, 1), clock);
    }

    private BackupVerifier verifier(KeyEncryptionKey key) {
        return new BackupVerifier(repository, key, Optional.of(tools), clock);
    }

    private DrillRunner drills(KeyEncryptionKey key) {
        return new DrillRunner(repository, key, tools, admin, tmp, clock, new Random(7));
    }

    private static PostgresConnection scratchDatabase() throws SQLException {
        String name = "restore_" + UUID.randomUUID().toString().replace("-", "");
        DrillRunner.execute(admin, "CREATE DATABASE " + name);
        return admin.withDatabase(name);
    }

    private static List<String> databases() throws SQLException {
        try (var c = admin.open(); var s = c.createStatement(); var r = s.executeQuery("SELECT datname FROM pg_database")) {
            List<String> names = new java.util.ArrayList<>();
            while (r.next()) {
                names.add(r.getString(1));
            }
            return names;
        }
    }

    private static int indexOf(KeysetHandle handle, int keyId) {
        for (int i = 0; i < handle.size(); i++) {
            if (handle.getAt(i).getId() == keyId) {
                return i;
            }
        }
        throw new IllegalArgumentException("no key " + keyId);
    }
}
