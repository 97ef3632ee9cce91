package io.hacoord.coordinator.fence;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hacoord.coordinator.config.FenceConfig;
import io.hacoord.testservers.PostgresServer;
import io.hacoord.testservers.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Against a real PostgreSQL started by the test harness; each test fences its own resource row. */
class FenceTest {

    private static PostgresServer postgres;

    private String resource;
    private Fence fence;

    @BeforeAll
    static void startPostgres() throws SQLException {
        postgres = TestServers.postgres();
        try (Connection c = connect(postgres.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE fenced_writes (resource text NOT NULL, epoch bigint NOT NULL, note text)");
        }
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void openFence() throws SQLException {
        resource = "r-" + UUID.randomUUID();
        fence = Fence.fromConfig(new FenceConfig(postgres.jdbcUrl(), postgres.user(), postgres.password(), resource));
        fence.ensureSchema();
    }

    @AfterEach
    void closeFence() throws Exception {
        fence.close();
    }

    @Test
    void fencedWriteInTheCurrentTermCommits() throws Exception {
        assertThat(fence.advance(5, "node-1")).isTrue();

        String result = fence.inTransaction(5, c -> write(c, 5, "current term"));

        assertThat(result).isEqualTo("written");
        assertThat(writes()).containsExactly("5:current term");
        assertThat(fence.currentEpoch()).isEqualTo(5);
    }

    @Test
    void olderTermIsRefusedAfterANewerTermAdvancesAndWritesNothing() throws Exception {
        fence.advance(5, "node-1");
        assertThat(fence.advance(6, "node-2")).isTrue();

        assertThatThrownBy(() -> fence.inTransaction(5, c -> write(c, 5, "stale")))
                .isInstanceOfSatisfying(StaleEpochException.class, e -> {
                    assertThat(e.storedEpoch()).hasValue(6);
                    assertThat(e.offeredEpoch()).isEqualTo(5);
                    assertThat(e.getMessage()).contains("epoch 5", "newer epoch 6");
                });
        assertThat(writes()).isEmpty();
    }

    @Test
    void workIsNotRunBeforeAnyTermAdvancedTheFence() {
        List<String> ran = new ArrayList<>();

        assertThatThrownBy(() -> fence.inTransaction(1, c -> ran.add("ran")))
                .isInstanceOfSatisfying(StaleEpochException.class, e -> assertThat(e.storedEpoch()).isEmpty());
        assertThat(ran).isEmpty();
    }

    @Test
    void advanceToALowerEpochReturnsFalseAndChangesNothing() throws Exception {
        fence.advance(7, "node-2");

        assertThat(fence.advance(6, "node-1")).isFalse();

        assertThat(fence.currentEpoch()).isEqualTo(7);
        assertThat(storedNode()).isEqualTo("node-2");
    }

    @Test
    void advanceToTheEpochAlreadyHeldReturnsTrue() throws Exception {
        fence.advance(7, "node-2");

        assertThat(fence.advance(7, "node-2")).isTrue();
        assertThat(fence.currentEpoch()).isEqualTo(7);
    }

    @Test
    void failedWorkIsRolledBack() throws Exception {
        fence.advance(3, "node-1");

        assertThatThrownBy(() -> fence.inTransaction(3, c -> {
            write(c, 3, "half done");
            throw new SQLException("boom");
        })).hasMessage("boom");
        assertThat(writes()).isEmpty();
    }

    @Test
    void advanceWaitsForAnOlderTermsOpenTransactionThenTheOlderTermIsRefused() throws Exception {
        fence.advance(1, "node-1");
        CountDownLatch insideOlderTerm = new CountDownLatch(1);
        CountDownLatch finishOlderTerm = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            Future<String> older = threads.submit(() -> fence.inTransaction(1, c -> {
                String result = write(c, 1, "in flight before the new term");
                insideOlderTerm.countDown();
                awaitOrFail(finishOlderTerm);
                return result;
            }));
            assertThat(insideOlderTerm.await(30, SECONDS)).isTrue();

            Future<Boolean> newer = threads.submit(() -> fence.advance(2, "node-2"));
            await().atMost(Duration.ofSeconds(30)).until(() -> advanceIsWaitingOnALock());
            assertThat(newer).isNotDone();
            assertThat(fence.currentEpoch()).isEqualTo(1);

            finishOlderTerm.countDown();
            assertThat(older.get(30, SECONDS)).isEqualTo("written");
            assertThat(newer.get(30, SECONDS)).isTrue();
        }
        assertThatThrownBy(() -> fence.inTransaction(1, c -> write(c, 1, "after the new term")))
                .isInstanceOf(StaleEpochException.class);
        assertThat(writes()).containsExactly("1:in flight before the new term");
    }

    @Test
    void ensureSchemaIsIdempotentAndSafeWhenCalledConcurrently() throws Exception {
        for (int round = 0; round < 3; round++) {
            String database = "fence_schema_" + UUID.randomUUID().toString().replace("-", "");
            try (Connection c = connect(postgres.jdbcUrl()); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + database);
            }
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setUrl(postgres.jdbcUrl(database));
            dataSource.setUser(postgres.user());
            dataSource.setPassword(postgres.password());
            Fence fresh = new Fence(dataSource, "schema-test");

            int callers = 8;
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Void>> calls = new ArrayList<>();
            try (ExecutorService threads = Executors.newFixedThreadPool(callers)) {
                for (int i = 0; i < callers; i++) {
                    calls.add(CompletableFuture.runAsync(() -> {
                        try {
                            awaitOrFail(start);
                            fresh.ensureSchema();
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    }, threads));
                }
                start.countDown();
                CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(30, SECONDS);
            }
            fresh.ensureSchema();
            assertThat(fresh.advance(1, "node-1")).isTrue();
        }
    }

    private String write(Connection c, long epoch, String note) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO fenced_writes VALUES (?, ?, ?)")) {
            s.setString(1, resource);
            s.setLong(2, epoch);
            s.setString(3, note);
            s.executeUpdate();
        }
        return "written";
    }

    private List<String> writes() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = connect(postgres.jdbcUrl());
             PreparedStatement s = c.prepareStatement("SELECT epoch, note FROM fenced_writes WHERE resource = ?")) {
            s.setString(1, resource);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1) + ":" + rs.getString(2));
                }
            }
        }
        return out;
    }

    private String storedNode() throws SQLException {
        try (Connection c = connect(postgres.jdbcUrl());
             PreparedStatement s = c.prepareStatement("SELECT node FROM hacoord_fence WHERE resource = ?")) {
            s.setString(1, resource);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Proof that the advance is blocked, not merely slow: its backend waits on a row lock. */
    private static boolean advanceIsWaitingOnALock() throws SQLException {
        try (Connection c = connect(postgres.jdbcUrl());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                     + "AND query LIKE 'INSERT INTO hacoord_fence%'")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    private static void awaitOrFail(CountDownLatch latch) throws SQLException {
        try {
            if (!latch.await(30, SECONDS)) {
                throw new SQLException("test latch not released within 30s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted", e);
        }
    }

    private static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, postgres.user(), postgres.password());
    }
}
