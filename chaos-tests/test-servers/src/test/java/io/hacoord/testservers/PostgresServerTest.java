package io.hacoord.testservers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One primary for the class: initdb is the slow part, and each test leaves it running. */
class PostgresServerTest {

    private static PostgresServer primary;

    @BeforeAll
    static void startPrimary() {
        primary = TestServers.postgres();
    }

    @AfterAll
    static void closePrimary() {
        primary.close();
    }

    @Test
    void primaryAcceptsJdbcQueriesAsTheSuperuser() throws SQLException {
        assertThat(primary.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + primary.port() + "/postgres");
        assertThat(primary.port()).isNotEqualTo(5432);
        assertThat(queryString(primary, "SELECT current_setting('is_superuser')")).isEqualTo("on");
        assertThat(queryString(primary, "SELECT current_setting('wal_level')")).isEqualTo("replica");
    }

    @Test
    void binDirHoldsTheClientToolsOfTheServerThatRuns() throws Exception {
        assertThat(TestServers.postgresBinDir()).hasValueSatisfying(bin -> {
            assertThat(bin.resolve("pg_dump")).isExecutable();
            assertThat(bin.resolve("pg_restore")).isExecutable();
        });
        Process version = new ProcessBuilder(TestServers.postgresBinDir().orElseThrow().resolve("pg_dump").toString(),
                "--version").redirectErrorStream(true).start();
        String out = new String(version.getInputStream().readAllBytes());
        assertThat(version.waitFor()).isZero();
        assertThat(queryString(primary, "SHOW server_version")).startsWith(out.replaceAll("\\D*(\\d+).*\\s*", "$1"));
    }

    @Test
    void replicaStreamsARowInsertedOnThePrimary() throws SQLException {
        try (PostgresServer replica = primary.startReplica("replica_a")) {
            assertThat(replica.port()).isNotEqualTo(primary.port());
            assertThat(queryString(replica, "SELECT pg_is_in_recovery()::text")).isEqualTo("true");
            assertThat(queryString(primary,
                    "SELECT state FROM pg_stat_replication WHERE application_name = 'replica_a'"))
                    .isEqualTo("streaming");

            execute(primary, "CREATE TABLE IF NOT EXISTS marks (v text)");
            execute(primary, "INSERT INTO marks VALUES ('from-primary')");

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    queryString(replica, "SELECT string_agg(v, ',') FROM marks")).contains("from-primary"));
        }
    }

    @Test
    void stopAndStartKeepThePortAndTheData() throws SQLException {
        execute(primary, "CREATE TABLE IF NOT EXISTS survivors (v text)");
        execute(primary, "INSERT INTO survivors VALUES ('kept')");
        int port = primary.port();

        primary.stop();
        assertThat(canConnect(primary)).isFalse();
        primary.start();

        assertThat(primary.port()).isEqualTo(port);
        assertThat(queryString(primary, "SELECT string_agg(v, ',') FROM survivors")).contains("kept");
    }

    static String queryString(PostgresServer server, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getString(1) : null;
        }
    }

    static void execute(PostgresServer server, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static boolean canConnect(PostgresServer server) {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl() + "?connectTimeout=2",
                server.user(), server.password())) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
