package io.hacoord.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.hacoord.replication.postgres.PostgresEndpoint;
import io.hacoord.replication.postgres.PostgresPromoter;
import io.hacoord.replication.postgres.PostgresReplication;
import io.hacoord.replication.redis.RedisEndpoint;
import io.hacoord.replication.redis.RedisPromoter;
import io.hacoord.replication.redis.RedisReplication;
import io.hacoord.testservers.PostgresServer;
import io.hacoord.testservers.RedisServer;
import io.hacoord.testservers.TestServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Promotion time (from the promote call to the first committed write on the new primary) and the cost
 * of one lag probe, against real servers. Run with {@code ./mvnw verify -Pbenchmark}; the table goes to
 * {@code replication/target/benchmark-replication.txt}.
 */
@Tag("benchmark")
class ReplicationBenchmarkTest {

    private static final int PROMOTION_RUNS = 20;
    private static final int PROBE_WARMUP = 20;
    private static final int PROBE_RUNS = 200;
    private static final List<String> ROWS = Collections.synchronizedList(new ArrayList<>());
    private static final List<String> RAW = Collections.synchronizedList(new ArrayList<>());

    @AfterAll
    static void writeTable() throws Exception {
        String table = String.format(Locale.ROOT, "Replication benchmark, %s, %d cores, Java %s%n%-34s %5s %9s %9s %9s%n",
                LocalDate.now(), Runtime.getRuntime().availableProcessors(), Runtime.version(),
                "measurement", "runs", "p50 ms", "p99 ms", "max ms") + String.join("", ROWS)
                + String.format("%nPromotion runs in order (ms):%n") + String.join("", RAW);
        System.out.println(table);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "benchmark-replication.txt"), table);
    }

    @Test
    void postgresPromotionToFirstWriteAndLagProbe() throws SQLException {
        List<Double> promotions = new ArrayList<>();
        for (int run = 0; run < PROMOTION_RUNS; run++) {
            try (PostgresServer primary = TestServers.postgres()) {
                PostgresServer replica = primary.startReplica("pg-1");
                execute(primary, "CREATE TABLE bench (id int)");
                try (PostgresReplication replication = new PostgresReplication(List.of(endpoint("pg-1", replica)),
                        Duration.ofSeconds(2), InstantSource.system())) {
                    PostgresPromoter promoter = new PostgresPromoter(replication.pools(), Duration.ofSeconds(30),
                            System::nanoTime);
                    awaitRowVisible(replica);
                    long start = System.nanoTime();
                    PromotionOutcome outcome = promoter.promote(endpoint("pg-1", replica), List.of(), step -> { });
                    execute(replica, "INSERT INTO bench VALUES (1)");
                    promotions.add((System.nanoTime() - start) / 1e6);
                    assertThat(outcome).isInstanceOf(PromotionOutcome.Promoted.class);
                }
            }
        }
        record("postgres promote -> first write", promotions);
        raw("postgres", promotions);

        try (PostgresServer primary = TestServers.postgres()) {
            PostgresServer replica = primary.startReplica("pg-1");
            try (PostgresReplication replication = new PostgresReplication(List.of(endpoint("pg-0", primary),
                    endpoint("pg-1", replica)), Duration.ofSeconds(2), InstantSource.system())) {
                record("postgres lag probe (primary+1)", time(() -> assertThat(replication.sample()).hasSize(1)));
            }
        }
    }

    @Test
    void redisPromotionToFirstWriteAndLagProbe() {
        List<Double> promotions = new ArrayList<>();
        for (int run = 0; run < PROMOTION_RUNS; run++) {
            try (RedisServer master = TestServers.redis()) {
                RedisServer replica = master.startReplica();
                try (RedisReplication replication = new RedisReplication(List.of(redis("r-1", replica)),
                        Duration.ofSeconds(2), InstantSource.system())) {
                    RedisPromoter promoter = new RedisPromoter(replication, System::nanoTime);
                    replication.probe(redis("r-1", replica)); // connect before timing
                    RedisClient client = RedisClient.create(replica.uri());
                    try (StatefulRedisConnection<String, String> c = client.connect()) {
                        long start = System.nanoTime();
                        PromotionOutcome outcome = promoter.promote(redis("r-1", replica), List.of(), step -> { });
                        c.sync().set("k", "v");
                        promotions.add((System.nanoTime() - start) / 1e6);
                        assertThat(outcome).isInstanceOf(PromotionOutcome.Promoted.class);
                    } finally {
                        client.shutdown();
                    }
                }
            }
        }
        record("redis promote -> first write", promotions);
        raw("redis", promotions);

        try (RedisServer master = TestServers.redis()) {
            RedisServer replica = master.startReplica();
            try (RedisReplication replication = new RedisReplication(List.of(redis("r-0", master), redis("r-1", replica)),
                    Duration.ofSeconds(2), InstantSource.system())) {
                record("redis lag probe (master+1)", time(() -> assertThat(replication.sample()).hasSize(1)));
            }
        }
    }

    private static List<Double> time(Runnable probe) {
        for (int i = 0; i < PROBE_WARMUP; i++) {
            probe.run();
        }
        List<Double> samples = new ArrayList<>();
        for (int i = 0; i < PROBE_RUNS; i++) {
            long start = System.nanoTime();
            probe.run();
            samples.add((System.nanoTime() - start) / 1e6);
        }
        return samples;
    }

    private static void record(String name, List<Double> samples) {
        List<Double> sorted = samples.stream().sorted().toList();
        ROWS.add(String.format(Locale.ROOT, "%-34s %5d %9.2f %9.2f %9.2f%n", name, sorted.size(),
                percentile(sorted, 50), percentile(sorted, 99), sorted.getLast()));
    }

    private static void raw(String name, List<Double> samples) {
        RAW.add(name + ": " + String.join(" ", samples.stream()
                .map(v -> String.format(Locale.ROOT, "%.1f", v)).toList()) + System.lineSeparator());
    }

    /** Nearest rank. */
    private static double percentile(List<Double> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static void awaitRowVisible(PostgresServer replica) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            execute(replica, "SELECT * FROM bench");
            return true;
        });
    }

    private static PostgresEndpoint endpoint(String name, PostgresServer server) {
        return PostgresEndpoint.of(name, server.host(), server.port(), server.user(), server.password());
    }

    private static RedisEndpoint redis(String name, RedisServer server) {
        return RedisEndpoint.of(name, server.host(), server.port());
    }

    private static void execute(PostgresServer server, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
