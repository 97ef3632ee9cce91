package io.hacoord.backup.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.hacoord.backup.TestKeys;
import io.hacoord.backup.crypto.KeyEncryptionKey;
import io.hacoord.backup.repository.FileSystemRepository;
import io.hacoord.backup.restore.PostgresRestorer;
import io.hacoord.backup.source.PostgresConnection;
import io.hacoord.backup.source.PostgresTools;
import io.hacoord.testservers.PostgresServer;
import io.hacoord.testservers.TestServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our encrypted, compressed backup and restore against plain {@code pg_dump -Fc -Z0 > file} and
 * {@code pg_restore} from that file, on a {@code pgbench -i -s 35} database (over 500 MB), measured in
 * the same run, {@value #ROUNDS} rounds that alternate which side goes first, with a CHECKPOINT before
 * each step; the best round of each counts, and all rounds are printed. Our backup runs in a
 * child JVM with {@code -Xmx64m}, which also reports its peak heap. Run with {@code ./mvnw verify -Pbenchmark}.
 */
@Tag("benchmark")
class BackupBenchmarkTest {

    private static final int ROUNDS = 3;
    private static final int CHILD_RUNS = 2;
    private static final int SCALE = 35;

    @TempDir
    Path tmp;

    @Test
    void encryptedBackupAndRestoreCostLittleMoreThanPlainPgDumpAndPgRestore() throws Exception {
        Path bin = TestServers.postgresBinDir().orElseThrow();
        PostgresTools tools = new PostgresTools(bin);
        try (PostgresServer postgres = TestServers.postgres()) {
            PostgresConnection admin = new PostgresConnection(postgres.host(), postgres.port(), "postgres",
                    postgres.user(), null);
            PostgresConnection bench = admin.withDatabase("bench");
            sql(admin, "CREATE DATABASE bench");
            run(List.of(bin.resolve("pgbench").toString(), "-i", "-q", "-s", Integer.toString(SCALE), "-h",
                    postgres.host(), "-p", Integer.toString(postgres.port()), "-U", postgres.user(), "bench"));
            long dbBytes = longQuery(bench, "SELECT pg_database_size('bench')");
            assertThat(dbBytes).isGreaterThan(500L << 20);
            sql(bench, "VACUUM ANALYZE");

            FileSystemRepository repository = FileSystemRepository.open(tmp.resolve("repo"));
            Path dumpFile = tmp.resolve("plain.dump");
            for (int round = 0; round < ROUNDS; round++) {
                // Alternate the order: whoever runs second meets the first one's dirty pages being written back.
                boolean oursFirst = round % 2 == 1;
                sql(admin, "CHECKPOINT");
                if (oursFirst) {
                    ourBackup(postgres, bin, round);
                    plainDump(postgres, bin, dumpFile);
                } else {
                    plainDump(postgres, bin, dumpFile);
                    ourBackup(postgres, bin, round);
                }
                PostgresConnection plainTarget = freshDatabase(admin, "plain_" + round);
                PostgresConnection ourTarget = freshDatabase(admin, "ours_" + round);
                sql(admin, "CHECKPOINT");
                if (oursFirst) {
                    ourRestore(repository, tools, ourTarget, round);
                    sql(admin, "CHECKPOINT");
                    plainRestore(postgres, bin, dumpFile, plainTarget);
                } else {
                    plainRestore(postgres, bin, dumpFile, plainTarget);
                    sql(admin, "CHECKPOINT");
                    ourRestore(repository, tools, ourTarget, round);
                }
                assertThat(longQuery(ourTarget, "SELECT count(*) FROM pgbench_accounts")).isEqualTo(SCALE * 100_000L);
                sql(admin, "DROP DATABASE " + plainTarget.database());
                sql(admin, "DROP DATABASE " + ourTarget.database());
            }
            String table = table(dbBytes);
            System.out.println(table);
            Files.writeString(Path.of("target", "benchmark-backup.txt"), table, StandardCharsets.UTF_8);
            assertThat(peakHeap).isPositive().isLessThan(64L << 20);
        }
    }

    private final List<Long> dumps = new ArrayList<>();
    private final List<Long> coldBackups = new ArrayList<>();
    private final List<Long> warmBackups = new ArrayList<>();
    private final List<Long> plainRestores = new ArrayList<>();
    private final List<Long> ourRestores = new ArrayList<>();
    private long peakHeap;
    private long dumpBytes;
    private long storedBytes;

    private void plainDump(PostgresServer postgres, Path bin, Path dumpFile) throws Exception {
        Files.deleteIfExists(dumpFile);
        long t0 = System.nanoTime();
        run(List.of(bin.resolve("pg_dump").toString(), "-Fc", "-Z0", "-h", postgres.host(), "-p",
                Integer.toString(postgres.port()), "-U", postgres.user(), "bench"), dumpFile);
        dumps.add(System.nanoTime() - t0);
        dumpBytes = Files.size(dumpFile);
    }

    private void ourBackup(PostgresServer postgres, Path bin, int round) throws Exception {
        String[] child = childBackup(postgres, bin, tmp.resolve("repo"), "bench-" + round);
        String[] runs = child[1].split(",");
        coldBackups.add(Long.parseLong(runs[0]));
        for (int i = 1; i < runs.length; i++) {
            warmBackups.add(Long.parseLong(runs[i]));
        }
        peakHeap = Math.max(peakHeap, Long.parseLong(child[2]));
        storedBytes = Long.parseLong(child[3]);
    }

    private void plainRestore(PostgresServer postgres, Path bin, Path dumpFile, PostgresConnection target)
            throws Exception {
        long t0 = System.nanoTime();
        run(List.of(bin.resolve("pg_restore").toString(), "--no-owner", "--exit-on-error", "-h", postgres.host(),
                "-p", Integer.toString(postgres.port()), "-U", postgres.user(), "-d", target.database(),
                dumpFile.toString()));
        plainRestores.add(System.nanoTime() - t0);
    }

    private void ourRestore(FileSystemRepository repository, PostgresTools tools, PostgresConnection target,
            int round) throws Exception {
        Duration took = new PostgresRestorer(repository, childKek, tools, tmp, Duration.ofHours(1))
                .restore("bench-" + round + "-1", target, 1).duration();
        ourRestores.add(took.toNanos());
    }

    /** The KEK the child backs up with (handed over as a keyset file) and the benchmark restores with. */
    private KeyEncryptionKey childKek;

    private String[] childBackup(PostgresServer postgres, Path bin, Path repo, String id) throws Exception {
        Path keyFile = tmp.resolve("kek.json");
        if (childKek == null) {
            var keyset = TestKeys.newKeyset();
            childKek = KeyEncryptionKey.of(keyset);
            Files.writeString(keyFile, com.google.crypto.tink.TinkJsonProtoKeysetFormat.serializeKeyset(keyset,
                    com.google.crypto.tink.InsecureSecretKeyAccess.get()));
        }
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", classpath, BackupBenchmarkChild.class.getName(), postgres.host(),
                Integer.toString(postgres.port()), "bench", postgres.user(), repo.toString(), bin.toString(), id,
                keyFile.toString(), Integer.toString(CHILD_RUNS));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(out).isZero();
        String line = out.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow(
                () -> new AssertionError("no RESULT from the child:\n" + out));
        return line.split(" ");
    }

    private String table(long dbBytes) {
        long dump = best(dumps), cold = best(coldBackups), warm = best(warmBackups);
        long restore = best(plainRestores), ours = best(ourRestores);
        List<String> lines = new ArrayList<>();
        lines.add("Backup benchmark, " + LocalDate.now() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, Java " + Runtime.version() + ", pgbench -i -s " + SCALE + ", best of " + ROUNDS
                + " alternating rounds");
        lines.add(String.format("database size            %,12d bytes", dbBytes));
        lines.add(String.format("pg_dump -Fc -Z0 file     %,12d bytes", dumpBytes));
        lines.add(String.format("our stored backup        %,12d bytes (zstd + AES-256-GCM-HKDF)", storedBytes));
        lines.add("| step | baseline | ours | ratio |");
        lines.add("|---|---|---|---|");
        lines.add(String.format("| backup, warm JVM | pg_dump -Fc -Z0 > file: %.2f s | %.2f s | %.2f |",
                dump / 1e9, warm / 1e9, (double) warm / dump));
        lines.add(String.format("| backup, first in a cold JVM | %.2f s | %.2f s | %.2f |",
                dump / 1e9, cold / 1e9, (double) cold / dump));
        lines.add(String.format("| restore, 1 job | pg_restore file: %.2f s | %.2f s (streamed) | %.2f |",
                restore / 1e9, ours / 1e9, (double) ours / restore));
        lines.add(String.format("peak heap of the backup JVM (-Xmx64m, %d backups, sum of heap pool peaks): %.1f MiB",
                CHILD_RUNS, peakHeap / 1048576.0));
        lines.add("all rounds (s): pg_dump " + seconds(dumps) + "; ours cold " + seconds(coldBackups) + "; ours warm "
                + seconds(warmBackups) + "; pg_restore " + seconds(plainRestores) + "; our restore "
                + seconds(ourRestores));
        lines.add("ratio within each round (both sides in the same minute): backup warm " + ratios(warmBackups, dumps)
                + ", median " + String.format("%.2f", median(warmBackups, dumps)) + "; restore "
                + ratios(ourRestores, plainRestores) + ", median " + String.format("%.2f", median(ourRestores, plainRestores)));
        return String.join("\n", lines) + "\n";
    }

    private static List<String> ratios(List<Long> ours, List<Long> baseline) {
        List<String> ratios = new ArrayList<>();
        for (int i = 0; i < ours.size(); i++) {
            ratios.add(String.format("%.2f", (double) ours.get(i) / baseline.get(i)));
        }
        return ratios;
    }

    private static double median(List<Long> ours, List<Long> baseline) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < ours.size(); i++) {
            ratios.add((double) ours.get(i) / baseline.get(i));
        }
        ratios.sort(null);
        int n = ratios.size();
        return n % 2 == 1 ? ratios.get(n / 2) : (ratios.get(n / 2 - 1) + ratios.get(n / 2)) / 2;
    }

    private static long best(List<Long> nanos) {
        return nanos.stream().mapToLong(Long::longValue).min().orElseThrow();
    }

    private static String seconds(List<Long> nanos) {
        return nanos.stream().map(n -> String.format("%.2f", n / 1e9)).toList().toString();
    }

    private static PostgresConnection freshDatabase(PostgresConnection admin, String name) throws SQLException {
        sql(admin, "CREATE DATABASE " + name);
        return admin.withDatabase(name);
    }

    private static void sql(PostgresConnection connection, String sql) throws SQLException {
        try (Connection c = connection.open(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long longQuery(PostgresConnection connection, String sql) throws SQLException {
        try (Connection c = connection.open(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        run(command, null);
    }

    private static void run(List<String> command, Path stdout) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.redirectOutput(stdout == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(stdout.toFile()));
        Process process = builder.start();
        assertThat(process.waitFor()).as(String.join(" ", command)).isZero();
    }
}
