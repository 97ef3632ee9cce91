package io.hacoord.backup.drill;

import io.hacoord.backup.source.PostgresConnection;
import io.hacoord.backup.source.PostgresTools;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The checks a drill runs on the restored database; each adds to {@code checks} or {@code failures}. */
final class DrillChecks {

    private static final Duration AMCHECK_TIMEOUT = Duration.ofHours(1);

    private DrillChecks() {}

    /** {@code pg_amcheck} over every table and B-tree index, when the tool is installed. */
    static void amcheck(PostgresTools tools, PostgresConnection target, List<String> checks, List<String> failures)
            throws IOException, InterruptedException {
        if (!tools.has("pg_amcheck")) {
            checks.add("pg_amcheck skipped: not installed in " + tools.binDir());
            return;
        }
        try (PostgresTools.RunningTool amcheck = tools.start("pg_amcheck", target, List.of("--install-missing"))) {
            amcheck.process().getOutputStream().close();
            amcheck.process().getInputStream().transferTo(OutputStream.nullOutputStream());
            amcheck.awaitSuccess(AMCHECK_TIMEOUT);
            checks.add("pg_amcheck found no corruption");
        } catch (IOException e) {
            failures.add("pg_amcheck: " + e.getMessage());
        }
    }

    static void rowCounts(PostgresConnection target, Map<String, Long> expected, List<String> checks,
            List<String> failures) throws SQLException {
        Map<String, Long> actual = count(target, expected.keySet());
        int matching = 0;
        for (Map.Entry<String, Long> table : expected.entrySet()) {
            Long found = actual.get(table.getKey());
            if (found == null) {
                failures.add("table " + table.getKey() + " is missing from the restored database");
            } else if (!found.equals(table.getValue())) {
                failures.add("table " + table.getKey() + " has " + found + " rows, the manifest says "
                        + table.getValue());
            } else {
                matching++;
            }
        }
        checks.add(matching + " of " + expected.size() + " tables have the row counts of the manifest");
    }

    /** Counts rows of {@code tables} (names as quoted in the manifest); a missing table is left out. */
    static Map<String, Long> count(PostgresConnection target, Iterable<String> tables) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = target.open()) {
            for (String table : tables) {
                try (Statement exists = c.createStatement();
                        ResultSet r = exists.executeQuery("SELECT to_regclass('" + table.replace("'", "''") + "')")) {
                    if (!r.next() || r.getString(1) == null) {
                        continue;
                    }
                }
                try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
                    r.next();
                    counts.put(table, r.getLong(1));
                }
            }
        }
        return counts;
    }

    static void smokeSql(PostgresConnection target, List<String> statements, List<String> checks,
            List<String> failures) throws SQLException {
        try (Connection c = target.open()) {
            for (String sql : statements) {
                try (Statement s = c.createStatement()) {
                    if (s.execute(sql)) {
                        try (ResultSet r = s.getResultSet()) {
                            if (r.next() && isBoolean(r.getMetaData().getColumnType(1)) && !r.getBoolean(1)) {
                                failures.add("smoke SQL returned false: " + sql);
                                continue;
                            }
                        }
                    }
                    checks.add("smoke SQL passed: " + sql);
                } catch (SQLException e) {
                    failures.add("smoke SQL failed: " + sql + ": " + e.getMessage());
                }
            }
        }
    }

    private static boolean isBoolean(int sqlType) {
        return sqlType == Types.BIT || sqlType == Types.BOOLEAN;
    }
}
