package io.hacoord.replication.postgres;

import static io.hacoord.replication.postgres.PgCluster.endpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hacoord.replication.ByteCount;
import io.hacoord.replication.Lag;
import io.hacoord.replication.lag.LagMonitor;
import io.hacoord.replication.lag.LagThreshold;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.hacoord.replication.LagSample;
import io.hacoord.replication.ReplicaState;
import io.hacoord.replication.ranking.CandidateRanker;
import io.hacoord.replication.ranking.CandidateRanking;
import io.hacoord.replication.ranking.RankingPolicy;
import io.hacoord.testservers.PostgresServer;
import io.hacoord.testservers.TestServers;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real primary with two streaming replicas; one test pauses replay on pg-2 to make real lag. */
class PostgresReplicationTest {

    private static PostgresServer primary;
    private static PostgresServer replica1;
    private static PostgresServer replica2;
    private static PostgresReplication replication;

    @BeforeAll
    static void startCluster() {
        primary = TestServers.postgres();
        replica1 = primary.startReplica("pg-1");
        replica2 = primary.startReplica("pg-2");
        replication = new PostgresReplication(List.of(endpoint("pg-0", primary), endpoint("pg-1", replica1),
                endpoint("pg-2", replica2)), Duration.ofSeconds(2), InstantSource.system());
    }

    @AfterAll
    static void stopCluster() {
        if (replication != null) {
            replication.close();
        }
        if (primary != null) {
            primary.close();
        }
    }

    @AfterEach
    void resumeReplay() throws SQLException {
        PgCluster.execute(replica2, "SELECT pg_wal_replay_resume()");
    }

    @Test
    void topologyShowsThePrimaryItsTwoStreamingReplicasAndEachStandbysReceiver() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            PostgresClusterView view = replication.observe();
            PostgresNodeStatus.Primary p = view.primary().orElseThrow();
            assertThat(p.endpoint().name()).isEqualTo("pg-0");
            assertThat(p.timeline()).isEqualTo(1);
            assertThat(p.replicas()).extracting(PostgresNodeStatus.WalSender::applicationName)
                    .containsExactly("pg-1", "pg-2");
            assertThat(p.replicas()).allSatisfy(s -> {
                assertThat(s.state()).isEqualTo("streaming");
                assertThat(s.syncState()).isEqualTo("async");
                assertThat(s.clientAddress()).isEqualTo("127.0.0.1/32");
                assertThat(s.replayLsn()).isNotNull();
            });
            PostgresNodeStatus.Standby s1 = (PostgresNodeStatus.Standby) view.node("pg-1").orElseThrow();
            assertThat(s1.receiver()).hasValueSatisfying(r -> {
                assertThat(r.status()).isEqualTo("streaming");
                assertThat(r.senderPort()).isEqualTo(primary.port());
                assertThat(r.receivedTimeline()).isEqualTo(1);
            });
            assertThat(view.lagSamples()).extracting(LagSample::state)
                    .containsOnly(ReplicaState.STREAMING);
        });
    }

    @Test
    void caughtUpReplicaOnAnIdlePrimaryHasZeroLagAlthoughItsReplayTimestampKeepsAging() throws SQLException {
        PgCluster.generateWal(primary, 10);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            PostgresClusterView view = replication.observe();
            PostgresNodeStatus.Standby s1 = (PostgresNodeStatus.Standby) view.node("pg-1").orElseThrow();
            assertThat(s1.replayTimestamp()).isNotNull();
            // The replay timestamp is older than the observation: a naive "now - replay timestamp" is > 0 ...
            assertThat(Duration.between(s1.replayTimestamp(), s1.serverTime())).isPositive();
            // ... but equal positions mean zero lag.
            assertThat(byName(view.lagSamples()).get("pg-1").lag())
                    .isEqualTo(new Lag.Measured(0, Duration.ZERO, "caught up: same position as the primary"));
        });
    }

    @Test
    void pausedReplayGivesLagEqualToTheLsnDifferenceAndRankingExcludesThatReplica() throws SQLException {
        awaitCaughtUp();
        PgCluster.execute(replica2, "SELECT pg_wal_replay_pause()");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                "paused".equals(PgCluster.queryString(replica2, "SELECT pg_get_wal_replay_pause_state()")));
        PgCluster.generateWal(primary, 30_000); // a few MiB of WAL
        await().atMost(Duration.ofSeconds(20)).until(() ->
                PgCluster.replayLsn(replica1).compareTo(PgCluster.currentLsn(primary)) >= 0);

        Lsn paused = PgCluster.replayLsn(replica2);
        long truthBefore = PgCluster.currentLsn(primary).bytesAfter(paused);
        PostgresClusterView view = replication.observe();
        long truthAfter = PgCluster.currentLsn(primary).bytesAfter(PgCluster.replayLsn(replica2));

        LagSample lagging = byName(view.lagSamples()).get("pg-2");
        assertThat(truthBefore).isGreaterThan(2L * 1024 * 1024);
        assertThat(lagging.lag()).isInstanceOf(Lag.Measured.class);
        assertThat(lagging.lag().bytesOrMinusOne()).isBetween(truthBefore, truthAfter);
        assertThat(((Lag.Measured) lagging.lag()).time()).isPositive();
        assertThat(((PostgresNodeStatus.Standby) view.node("pg-2").orElseThrow()).replayPaused()).isTrue();

        CandidateRanking ranking = new CandidateRanker(RankingPolicy.defaults()).rank(view.candidates());
        assertThat(ranking.best()).hasValueSatisfying(c -> assertThat(c.name()).isEqualTo("pg-1"));
        assertThat(ranking.excluded()).singleElement().satisfies(e -> {
            assertThat(e.replica()).isEqualTo("pg-2");
            assertThat(e.reason()).startsWith("replication lag ").contains("exceeds maxLagOnFailover 1.0 MiB");
        });
    }

    @Test
    void lagMonitorRaisesForThePausedReplicaAndClearsWhenReplayResumes() throws SQLException {
        awaitCaughtUp();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LagMonitor monitor = new LagMonitor(replication,
                new LagThreshold(Duration.ofHours(1), ByteCount.mebibytes(1)), InstantSource.system(), registry)) {
            PgCluster.execute(replica2, "SELECT pg_wal_replay_pause()");
            PgCluster.generateWal(primary, 30_000);
            monitor.start(Duration.ofMillis(200));

            await().atMost(Duration.ofSeconds(20)).until(() -> monitor.alerts().containsKey("pg-2"));
            assertThat(monitor.alerts().get("pg-2").reason()).matches("lag \\d+\\.\\d MiB exceeds 1.0 MiB");
            assertThat(registry.get("hacoord_replication_lag_bytes").tag("replica", "pg-2").gauge().value())
                    .isGreaterThan(1024 * 1024);

            PgCluster.execute(replica2, "SELECT pg_wal_replay_resume()");
            await().atMost(Duration.ofSeconds(20)).until(() -> monitor.alerts().isEmpty());
            assertThat(monitor.latest().get("pg-2").lag().bytesOrMinusOne()).isZero();
        }
    }

    @Test
    void replicaTaggedNofailoverIsExcludedWithThatReason() {
        awaitCaughtUp();
        try (PostgresReplication tagged = new PostgresReplication(List.of(endpoint("pg-0", primary),
                endpoint("pg-1", replica1).withTags(Set.of(CandidateRanker.NO_FAILOVER_TAG)),
                endpoint("pg-2", replica2).withPriority(5)), Duration.ofSeconds(2), InstantSource.system())) {
            CandidateRanking ranking = new CandidateRanker(RankingPolicy.defaults()).rank(tagged.observe().candidates());
            assertThat(ranking.best()).hasValueSatisfying(c -> assertThat(c.name()).isEqualTo("pg-2"));
            assertThat(ranking.excluded()).singleElement()
                    .isEqualTo(new CandidateRanking.Exclusion("pg-1", "tagged nofailover by the operator"));
        }
    }

    private static void awaitCaughtUp() {
        await().atMost(Duration.ofSeconds(20)).until(() -> replication.sample().stream()
                .allMatch(s -> s.lag().bytesOrMinusOne() == 0));
    }

    private static Map<String, LagSample> byName(List<LagSample> samples) {
        return samples.stream().collect(Collectors.toMap(LagSample::replica, Function.identity()));
    }
}
