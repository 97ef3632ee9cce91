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
 * the same run, alternating, {@value #ROUNDS} rounds; the best round of each counts. Our backup runs in a
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
            long bestDump = Long.MAX_VALUE, bestCold = Long.MAX_VALUE, bestOurs = Long.MAX_VALUE, bestRestore = Long.MAX_VALUE;
            long bestOurRestore = Long.MAX_VALUE, peakHeap = 0, dumpBytes = 0, storedBytes = 0, childWall = 0;
            Path dumpFile = tmp.resolve("plain.dump");
            for (int round = 0; round < ROUNDS; round++) {
                Files.deleteIfExists(dumpFile);
                long t0 = System.nanoTime();
                run(List.of(bin.resolve("pg_dump").toString(), "-Fc", "-Z0", "-h", postgres.host(), "-p",
                        Integer.toString(postgres.port()), "-U", postgres.user(), "bench"), dumpFile);
                bestDump = Math.min(bestDump, System.nanoTime() - t0);
                dumpBytes = Files.size(dumpFile);

                long c0 = System.nanoTime();
                String[] child = childBackup(postgres, bin, tmp.resolve("repo"), "bench-" + round);
                childWall = System.nanoTime() - c0;
                String[] runs = child[1].split(",");
                bestCold = Math.min(bestCold, Long.parseLong(runs[0]));
                for (int i = 1; i < runs.length; i++) {
                    bestOurs = Math.min(bestOurs, Long.parseLong(runs[i]));
                }
                peakHeap = Math.max(peakHeap, Long.parseLong(child[2]));
                storedBytes = Long.parseLong(child[3]);

                PostgresConnection plainTarget = freshDatabase(admin, "plain_" + round);
                long r0 = System.nanoTime();
                run(List.of(bin.resolve("pg_restore").toString(), "--no-owner", "--exit-on-error", "-h",
                        postgres.host(), "-p", Integer.toString(postgres.port()), "-U", postgres.user(), "-d",
                        plainTarget.database(), dumpFile.toString()));
                bestRestore = Math.min(bestRestore, System.nanoTime() - r0);

                PostgresConnection ourTarget = freshDatabase(admin, "ours_" + round);
                Duration ours = new PostgresRestorer(repository, childKek, tools, tmp,
                        Duration.ofHours(1)).restore("bench-" + round + "-1", ourTarget, 1).duration();
                bestOurRestore = Math.min(bestOurRestore, ours.toNanos());
                assertThat(longQuery(ourTarget, "SELECT count(*) FROM pgbench_accounts")).isEqualTo(SCALE * 100_000L);
                sql(admin, "DROP DATABASE " + plainTarget.database());
                sql(admin, "DROP DATABASE " + ourTarget.database());
            }
            String table = table(dbBytes, dumpBytes, storedBytes, bestDump, bestCold, bestOurs, childWall, bestRestore,
                    bestOurRestore, peakHeap);
            System.out.println(table);
            Files.writeString(Path.of("target", "benchmark-backup.txt"), table, StandardCharsets.UTF_8);
            assertThat(peakHeap).isPositive();
        }
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

    private static String table(long dbBytes, long dumpBytes, long storedBytes, long dump, long cold, long ours,
            long childWall,
            long restore, long ourRestore, long peakHeap) {
        List<String> lines = new ArrayList<>();
        lines.add("Backup benchmark, " + LocalDate.now() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, Java " + Runtime.version() + ", pgbench -i -s " + SCALE + ", best of " + ROUNDS);
        lines.add(String.format("database size            %,12d bytes", dbBytes));
        lines.add(String.format("pg_dump -Fc -Z0 file     %,12d bytes", dumpBytes));
        lines.add(String.format("our stored backup        %,12d bytes (zstd + AES-256-GCM-HKDF)", storedBytes));
        lines.add("| step | baseline | ours | ratio |");
        lines.add("|---|---|---|---|");
        lines.add(String.format("| backup, warm JVM | pg_dump -Fc -Z0 > file: %.2f s | %.2f s | %.2f |",
                dump / 1e9, ours / 1e9, (double) ours / dump));
        lines.add(String.format("| backup, first in a cold JVM | %.2f s | %.2f s | %.2f |",
                dump / 1e9, cold / 1e9, (double) cold / dump));
        lines.add(String.format("| restore | pg_restore file: %.2f s | %.2f s (streamed, 1 job) | %.2f |",
                restore / 1e9, ourRestore / 1e9, (double) ourRestore / restore));
        lines.add(String.format("peak heap of the backup JVM (-Xmx64m, %d backups, sum of heap pool peaks): %.1f MiB",
                CHILD_RUNS, peakHeap / 1048576.0));
        lines.add(String.format("last child JVM wall time, start to exit, %d backups: %.2f s", CHILD_RUNS,
                childWall / 1e9));
        return String.join("\n", lines) + "\n";
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
