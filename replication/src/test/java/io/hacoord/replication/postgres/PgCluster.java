package io.hacoord.replication.postgres;

import io.hacoord.testservers.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** Test helpers around the harness's PostgreSQL servers: endpoints and plain JDBC for the truth. */
final class PgCluster {

    private PgCluster() {}

    static PostgresEndpoint endpoint(String name, PostgresServer server) {
        return PostgresEndpoint.of(name, server.host(), server.port(), server.user(), server.password());
    }

    static Connection connect(PostgresServer server) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", server.user());
        props.setProperty("password", server.password());
        props.setProperty("connectTimeout", "5");
        props.setProperty("socketTimeout", "30");
        return DriverManager.getConnection(server.jdbcUrl(), props);
    }

    static void execute(PostgresServer server, String sql) throws SQLException {
        try (Connection c = connect(server); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static String queryString(PostgresServer server, String sql) throws SQLException {
        try (Connection c = connect(server); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getString(1) : null;
        }
    }

    static Lsn currentLsn(PostgresServer primary) throws SQLException {
        return Lsn.parse(queryString(primary, "SELECT pg_current_wal_lsn()::text"));
    }

    static Lsn replayLsn(PostgresServer standby) throws SQLException {
        return Lsn.parse(queryString(standby, "SELECT pg_last_wal_replay_lsn()::text"));
    }

    /** About {@code rows} × 120 bytes of WAL, in one transaction. */
    static void generateWal(PostgresServer primary, int rows) throws SQLException {
        execute(primary, "CREATE TABLE IF NOT EXISTS workload (id bigserial PRIMARY KEY, payload text)");
        execute(primary, "INSERT INTO workload (payload) SELECT repeat('x', 64) FROM generate_series(1, " + rows + ")");
    }
}
