package io.hacoord.backup.source;

import io.hacoord.backup.BackupType;
import io.hacoord.backup.PostgresDetails;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A logical dump, {@code pg_dump -Fc -Z0} streamed (we compress). The dump runs in a snapshot that a
 * JDBC transaction exported ({@code pg_dump --snapshot}), and in that same snapshot we read the WAL
 * position and count every table's rows: the counts in the manifest are exactly the rows in the dump,
 * which is what lets a drill compare them.
 */
public record PostgresLogicalSource(PostgresConnection connection, PostgresTools tools, Duration timeout)
        implements BackupSource {

    private static final String TABLES = "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r'"
            + " AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'"
            + " ORDER BY 1";

    public PostgresLogicalSource {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(tools, "tools");
        Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public BackupType type() {
        return BackupType.POSTGRES_LOGICAL;
    }

    @Override
    public String description() {
        return connection.description();
    }

    @Override
    public Optional<PostgresDetails> writeTo(OutputStream out) throws IOException, InterruptedException {
        try (Connection jdbc = connection.open()) {
            jdbc.setAutoCommit(false);
            try (Statement s = jdbc.createStatement()) {
                s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            }
            String[] snapshot = exportSnapshot(jdbc);
            CompletableFuture<Map<String, Long>> counts = countRowsAsync(jdbc);
            try (PostgresTools.RunningTool dump = tools.start("pg_dump", connection,
                    List.of("--format=custom", "--compress=0", "--snapshot=" + snapshot[0]))) {
                dump.process().getOutputStream().close();
                try (InputStream in = dump.process().getInputStream()) {
                    copy(in, out);
                }
                dump.awaitSuccess(timeout);
            }
            PostgresDetails details = new PostgresDetails(snapshot[2], snapshot[1], counts.get());
            jdbc.commit();
            return Optional.of(details);
        } catch (SQLException e) {
            throw new IOException("cannot read " + connection.description() + ": " + e.getMessage(), e);
        } catch (ExecutionException e) {
            throw new IOException("cannot count rows in " + connection.description() + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Pipe reads return at most 64 KiB (the pipe's size); one buffer of that size halves the calls of transferTo. */
    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
        }
    }

    /** {snapshot id, WAL position, server version}; on a standby the position is the replay position. */
    private static String[] exportSnapshot(Connection jdbc) throws SQLException {
        try (Statement s = jdbc.createStatement(); ResultSet r = s.executeQuery("SELECT pg_export_snapshot(),"
                + " (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END)::text,"
                + " current_setting('server_version')")) {
            r.next();
            return new String[] {r.getString(1), r.getString(2), r.getString(3)};
        }
    }

    private static CompletableFuture<Map<String, Long>> countRowsAsync(Connection jdbc) {
        CompletableFuture<Map<String, Long>> result = new CompletableFuture<>();
        Thread.ofVirtual().name("row-counts").start(() -> {
            try {
                result.complete(countRows(jdbc));
            } catch (SQLException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Exact counts per table; table names come from the catalog, already quoted by {@code format('%I')}. */
    static Map<String, Long> countRows(Connection jdbc) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = jdbc.createStatement(); ResultSet r = s.executeQuery(TABLES)) {
            while (r.next()) {
                tables.add(r.getString(1));
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : tables) {
            try (Statement s = jdbc.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
                r.next();
                counts.put(table, r.getLong(1));
            }
        }
        return counts;
    }

    @Override
    public String toString() {
        return "PostgresLogicalSource[" + connection.description() + "]";
    }
}
