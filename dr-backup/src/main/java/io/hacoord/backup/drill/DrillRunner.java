package io.hacoord.backup.drill;

import io.hacoord.backup.BackupType;
import io.hacoord.backup.Manifest;
import io.hacoord.backup.crypto.KeyEncryptionKey;
import io.hacoord.backup.repository.BackupRepository;
import io.hacoord.backup.restore.PostgresRestorer;
import io.hacoord.backup.restore.RestoreResult;
import io.hacoord.backup.source.PostgresConnection;
import io.hacoord.backup.source.PostgresTools;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DR drill: restores a logical backup into a scratch database on {@code server}, checks it
 * ({@code pg_amcheck} where available, row counts against the manifest, smoke SQL), drops the scratch
 * database, and records a {@link DrillReport} in the repository. A drill proves that the backup can
 * be decrypted with today's keys, restored by today's tools, and holds the rows it claimed, and
 * measures how long that takes (RTO) and how old the restored data was (RPO).
 */
public final class DrillRunner {

    private static final Logger LOG = LoggerFactory.getLogger(DrillRunner.class);

    private final BackupRepository repository;
    private final PostgresRestorer restorer;
    private final PostgresTools tools;
    private final PostgresConnection server;
    private final InstantSource clock;
    private final RandomGenerator random;

    /** {@code server} is a superuser connection to a maintenance database (e.g. {@code postgres}) of the scratch server. */
    public DrillRunner(BackupRepository repository, KeyEncryptionKey kek, PostgresTools tools,
            PostgresConnection server, Path tempDir, InstantSource clock, RandomGenerator random) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.tools = Objects.requireNonNull(tools, "tools");
        this.server = Objects.requireNonNull(server, "server");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.restorer = new PostgresRestorer(repository, kek, tools, tempDir, Duration.ofHours(6));
    }

    /** Runs a drill and records its report, fenced by {@code epoch}. Failures are in the report, not thrown. */
    public DrillReport run(DrillPlan plan, long epoch) throws IOException, InterruptedException {
        Instant started = clock.instant();
        Optional<Manifest> chosen = choose(plan, started);
        DrillReport report = chosen.isEmpty()
                ? new DrillReport(null, started, clock.instant(), false,
                        List.of(plan.randomWithin() == null ? "there is no logical backup to restore"
                                : "there is no logical backup within " + plan.randomWithin()),
                        List.of(), null, null, epoch)
                : drill(chosen.get(), plan, started, epoch);
        repository.recordDrill(report, epoch);
        LOG.info("DR drill of {}: {}{}", report.backupId(), report.passed() ? "passed" : "FAILED: ",
                String.join("; ", report.failures()));
        return report;
    }

    private Optional<Manifest> choose(DrillPlan plan, Instant now) throws IOException {
        List<Manifest> logical = repository.manifests().stream()
                .filter(m -> m.type() == BackupType.POSTGRES_LOGICAL)
                .sorted(Comparator.comparing(Manifest::finishedAt))
                .toList();
        if (plan.randomWithin() == null) {
            return logical.isEmpty() ? Optional.empty() : Optional.of(logical.getLast());
        }
        Instant from = now.minus(plan.randomWithin());
        List<Manifest> window = logical.stream().filter(m -> !m.finishedAt().isBefore(from)).toList();
        return window.isEmpty() ? Optional.empty() : Optional.of(window.get(random.nextInt(window.size())));
    }

    private DrillReport drill(Manifest manifest, DrillPlan plan, Instant started, long epoch)
            throws InterruptedException {
        List<String> failures = new ArrayList<>();
        List<String> checks = new ArrayList<>();
        Duration rpo = Duration.between(manifest.startedAt(), started);
        String scratch = "drill_" + HexFormat.of().toHexDigits(random.nextLong());
        Duration rto = null;
        try {
            execute(server, "CREATE DATABASE " + scratch);
            PostgresConnection target = server.withDatabase(scratch);
            RestoreResult restored = restorer.restore(manifest.id(), target, plan.jobs());
            rto = restored.duration();
            checks.add("restored with " + plan.jobs() + " job(s) in " + rto.toMillis() + " ms");
            DrillChecks.amcheck(tools, target, checks, failures);
            DrillChecks.rowCounts(target, manifest.postgres().rowCounts(), checks, failures);
            DrillChecks.smokeSql(target, plan.smokeSql(), checks, failures);
        } catch (IOException | SQLException | RuntimeException e) {
            failures.add("restore of " + manifest.id() + " failed: " + e.getMessage());
        } finally {
            dropQuietly(scratch, failures);
        }
        return new DrillReport(manifest.id(), started, clock.instant(), failures.isEmpty(), failures, checks, rto,
                rpo, epoch);
    }

    private void dropQuietly(String scratch, List<String> failures) {
        try {
            execute(server, "DROP DATABASE IF EXISTS " + scratch + " WITH (FORCE)");
        } catch (SQLException e) {
            // Not a failure of the backup, but an operator must clean up: say so in the report.
            failures.add("could not drop scratch database " + scratch + ": " + e.getMessage());
        }
    }

    static void execute(PostgresConnection connection, String sql) throws SQLException {
        try (Connection c = connection.open(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** For tests and the coordinator: the row counts a drill would compare, read from {@code connection}. */
    public static Map<String, Long> rowCounts(PostgresConnection connection, Iterable<String> tables)
            throws SQLException {
        return DrillChecks.count(connection, tables);
    }
}
