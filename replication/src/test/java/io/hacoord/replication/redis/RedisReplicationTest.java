package io.hacoord.replication.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hacoord.replication.Lag;
import io.hacoord.replication.LagSample;
import io.hacoord.replication.PromotionOutcome;
import io.hacoord.replication.ReplicaState;
import io.hacoord.replication.StaleTermException;
import io.hacoord.replication.ranking.CandidateRanker;
import io.hacoord.replication.ranking.CandidateRanking;
import io.hacoord.replication.ranking.RankingPolicy;
import io.hacoord.testservers.RedisServer;
import io.hacoord.testservers.TcpProxy;
import io.hacoord.testservers.TestServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real Redis master with two real replicas, fresh for each test. */
class RedisReplicationTest {

    private RedisServer master;
    private RedisServer replica1;
    private RedisServer replica2;
    private RedisReplication replication;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final java.util.Map<Integer, StatefulRedisConnection<String, String>> connections = new java.util.HashMap<>();

    @BeforeEach
    void start() {
        master = TestServers.redis();
        replica1 = master.startReplica();
        replica2 = master.startReplica();
        replication = new RedisReplication(List.of(endpoint("r-0", master), endpoint("r-1", replica1),
                endpoint("r-2", replica2)), Duration.ofSeconds(2), InstantSource.system());
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
        replication.close();
        master.close();
    }

    @Test
    void syncedReplicasReportZeroLagAndStreaming() {
        set(master, "k", "v");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            RedisClusterView view = replication.observe();
            assertThat(view.master()).hasValueSatisfying(m -> {
                assertThat(m.endpoint().name()).isEqualTo("r-0");
                assertThat(m.replicas()).extracting(RedisNodeStatus.ConnectedReplica::port)
                        .containsExactlyInAnyOrder(replica1.port(), replica2.port());
            });
            assertThat(view.lagSamples()).extracting(LagSample::replica, LagSample::state, LagSample::lag)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("r-1", ReplicaState.STREAMING, Lag.caughtUp()),
                            org.assertj.core.groups.Tuple.tuple("r-2", ReplicaState.STREAMING, Lag.caughtUp()));
        });
    }

    @Test
    void replicaCutOffFromItsMasterLagsByTheOffsetDifferenceAndIsNotRanked() throws Exception {
        TcpProxy proxy = TcpProxy.to(master.host(), master.port());
        toClose.add(proxy);
        command(replica2, c -> c.sync().replicaof(proxy.host(), proxy.port()));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                replication.probe(endpoint("r-2", replica2)) instanceof RedisNodeStatus.Replica r
                        && r.linkUp() && r.masterPort() == proxy.port());
        proxy.cut();
        java.util.Map<String, String> values = new java.util.HashMap<>();
        for (int i = 0; i < 2_000; i++) {
            values.put("key-" + i, "x".repeat(1_000));
        }
        command(master, c -> c.sync().mset(values));
        await().atMost(Duration.ofSeconds(10)).until(() -> offset(replica1) == offset(master));

        long replicaOffset = offset(replica2);
        long truthBefore = offset(master) - replicaOffset;
        RedisClusterView view = replication.observe();
        long truthAfter = offset(master) - offset(replica2);

        Lag lag = view.lagSamples().stream().filter(s -> s.replica().equals("r-2")).findFirst().orElseThrow().lag();
        assertThat(truthBefore).isGreaterThan(1024L * 1024);
        assertThat(lag).isInstanceOf(Lag.BytesOnly.class);
        assertThat(lag.bytesOrMinusOne()).isBetween(truthBefore, truthAfter);
        assertThat(((Lag.BytesOnly) lag).whyNoTime()).startsWith("Redis does not timestamp its replication stream");

        CandidateRanking ranking = new CandidateRanker(RankingPolicy.defaults()).rank(view.candidates());
        assertThat(ranking.best()).hasValueSatisfying(c -> assertThat(c.name()).isEqualTo("r-1"));
        assertThat(ranking.excluded()).extracting(CandidateRanking.Exclusion::replica).containsExactly("r-2");
    }

    @Test
    void promotionMakesTheReplicaAWritableMasterAndTheOtherReplicaFollowsIt() {
        List<String> checked = new ArrayList<>();
        PromotionOutcome outcome = new RedisPromoter(replication, System::nanoTime)
                .promote(endpoint("r-1", replica1), List.of(endpoint("r-2", replica2)), checked::add);

        assertThat(outcome).isInstanceOf(PromotionOutcome.Promoted.class);
        assertThat(outcome.stepsDone()).containsExactly("promoted r-1", "re-pointed r-2 to r-1");
        assertThat(checked).containsExactly("promote r-1", "re-point r-2 to r-1");
        set(replica1, "after-failover", "yes");
        await().atMost(Duration.ofSeconds(10)).until(() -> "yes".equals(get(replica2, "after-failover")));
        assertThat(replication.probe(endpoint("r-2", replica2))).isInstanceOfSatisfying(RedisNodeStatus.Replica.class,
                r -> assertThat(r.masterPort()).isEqualTo(replica1.port()));
    }

    @Test
    void staleFencingCheckAbortsTheRedisPromotionBeforeItStarts() {
        PromotionOutcome outcome = new RedisPromoter(replication, System::nanoTime)
                .promote(endpoint("r-1", replica1), List.of(endpoint("r-2", replica2)), step -> {
                    throw new StaleTermException("term 3 superseded");
                });

        assertThat(outcome).isEqualTo(new PromotionOutcome.Aborted("promote r-1",
                "stale term before promote r-1: term 3 superseded", List.of()));
        assertThat(replication.probe(endpoint("r-1", replica1))).isInstanceOf(RedisNodeStatus.Replica.class);
    }

    static RedisEndpoint endpoint(String name, RedisServer server) {
        return RedisEndpoint.of(name, server.host(), server.port());
    }

    private long offset(RedisServer server) {
        String info = command(server, c -> c.sync().info("replication"));
        String key = info.contains("role:master") ? "master_repl_offset:" : "slave_repl_offset:";
        int at = info.indexOf(key) + key.length();
        return Long.parseLong(info.substring(at, info.indexOf('\r', at)).trim());
    }

    private void set(RedisServer server, String key, String value) {
        command(server, c -> c.sync().set(key, value));
    }

    private String get(RedisServer server, String key) {
        return command(server, c -> c.sync().get(key));
    }

    private <T> T command(RedisServer server, java.util.function.Function<StatefulRedisConnection<String, String>, T> f) {
        return f.apply(connections.computeIfAbsent(server.port(), port -> {
            RedisClient client = RedisClient.create(server.uri());
            StatefulRedisConnection<String, String> connection = client.connect();
            toClose.add(client::shutdown);
            toClose.add(connection);
            return connection;
        }));
    }
}
