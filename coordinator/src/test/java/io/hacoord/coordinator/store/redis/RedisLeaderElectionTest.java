package io.hacoord.coordinator.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hacoord.coordinator.election.ElectionSettings;
import io.hacoord.coordinator.election.LeaderElection;
import io.hacoord.coordinator.store.BackendOptions;
import io.hacoord.coordinator.store.LeaderRecord;
import io.hacoord.coordinator.store.Lease;
import io.hacoord.coordinator.store.RecordingListener;
import io.hacoord.coordinator.store.StoreException;
import io.hacoord.coordinator.time.NanoClock;
import io.hacoord.testservers.RedisServer;
import io.hacoord.testservers.TestServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Redis-specific behaviour of the election, against a real redis-server started by the test harness. */
class RedisLeaderElectionTest {

    private static final Duration TTL = Duration.ofSeconds(2);
    private static final ElectionSettings SETTINGS = ElectionSettings.defaultsFor(TTL);

    private static RedisServer server;
    private static RedisClient rawClient;
    private static StatefulRedisConnection<String, String> rawConnection;

    private final List<RedisBackend> backends = new ArrayList<>();

    @BeforeAll
    static void startRedis() throws Exception {
        server = TestServers.redis();
        rawClient = RedisClient.create(server.uri());
        rawConnection = rawClient.connect();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (rawClient != null) {
            rawClient.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeBackends() {
        backends.reversed().forEach(RedisBackend::close);
    }

    private RedisBackend node(String cluster, String nodeId) {
        RedisBackend b = new RedisBackend(server.uri(), new BackendOptions(cluster, nodeId, SETTINGS,
                Duration.ofSeconds(3), NanoClock.SYSTEM, Clock.systemUTC()));
        backends.add(b);
        return b;
    }

    private static String uniqueCluster() {
        return "c" + Long.toHexString(System.nanoTime());
    }

    private static RedisCommands<String, String> raw() {
        return rawConnection.sync();
    }

    @Test
    void acquireWhoseReplyIsLostIsUndoneBeforeTheCallerHearsOfIt() throws Exception {
        String cluster = uniqueCluster();
        RedisKeys keys = RedisKeys.forCluster(cluster);
        LeaderElection election = node(cluster, "n1").election();
        // Warm up the acquire path (class loading, random seeding) on another cluster, so that the acquire below is
        // sent well within the pause even in a cold JVM.
        node(uniqueCluster(), "warm-up").election().tryAcquire().orElseThrow();
        // Redis holds every client's commands for 600 ms: the acquire is queued, times out on the client after the
        // command timeout (333 ms), and then runs on the server after all. The clean-up is sent on the same
        // connection after that timeout, so Redis runs it right after the acquire, whether or not its own reply
        // arrives in time (on a loaded machine it may not, so the message may say "undo failed").
        assertThat(raw().clientPause(600)).isEqualTo("OK");
        long start = System.nanoTime();
        assertThatThrownBy(election::tryAcquire)
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("acquire outcome unknown");
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isLessThan(SETTINGS.commandTimeout().multipliedBy(2).plusMillis(500));
        // Without the clean-up our key would live for the full TTL (2 s) after the pause; it is gone well before.
        await().atMost(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(raw().exists(keys.leader(), keys.leaderEpoch())).isZero());
        assertThat(raw().get(keys.epoch())).as("the acquire did run in Redis: it granted an epoch").isNotNull();
    }

    @Test
    void awaitVacancyReturnsWhenTheLeadersTtlRunsOutWithoutAReleaseNotice() throws Exception {
        String cluster = uniqueCluster();
        LeaderElection leader = node(cluster, "n1").election();
        LeaderElection follower = node(cluster, "n2").election();
        leader.tryAcquire().orElseThrow(); // never renewed, never released: no message will come
        LeaderRecord seen = follower.currentLeader().orElseThrow();
        long start = System.nanoTime();
        follower.awaitVacancy(Duration.ofSeconds(10));
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        assertThat(waited)
                .isGreaterThan(Duration.ofMillis(seen.remainingMs() - 100))
                .isLessThan(Duration.ofMillis(seen.remainingMs() + 500));
        assertThat(follower.tryAcquire()).isPresent();
    }

    @Test
    void awaitVacancyReturnsAtOnceWhenTheKeyIsFree() throws Exception {
        LeaderElection follower = node(uniqueCluster(), "n2").election();
        long start = System.nanoTime();
        follower.awaitVacancy(Duration.ofSeconds(10));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void wakeUpEndsAWaitForALiveLeader() throws Exception {
        String cluster = uniqueCluster();
        node(cluster, "n1").election().tryAcquire().orElseThrow();
        LeaderElection follower = node(cluster, "n2").election();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                follower.awaitVacancy(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().pollDelay(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1)).until(waiter::isAlive);
        follower.wakeUp();
        await().atMost(Duration.ofSeconds(1)).until(() -> !waiter.isAlive());
    }

    @Test
    void epochNeverGoesBackwardsWhenRedisLosesTheCounter() throws Exception {
        String cluster = uniqueCluster();
        RedisKeys keys = RedisKeys.forCluster(cluster);
        LeaderElection election = node(cluster, "n1").election();
        Lease first = election.tryAcquire().orElseThrow();
        election.release(first, "test");
        raw().del(keys.epoch()); // as after a restart of a Redis without persistence
        Lease second = election.tryAcquire().orElseThrow();
        assertThat(second.epoch()).isGreaterThan(first.epoch());
        assertThat(raw().get(keys.epoch())).isEqualTo(Long.toString(second.epoch()));
    }

    /** Regression: found by the chaos long run (a store restart, then a node that had not seen the old epochs). */
    @Test
    void aNodeThatNeverSawTheOldEpochsStillGetsAGreaterOneAfterRedisLostTheCounter() throws Exception {
        String cluster = uniqueCluster();
        RedisKeys keys = RedisKeys.forCluster(cluster);
        LeaderElection old = node(cluster, "n1").election();
        Lease first = old.tryAcquire().orElseThrow();
        raw().del(keys.leader(), keys.leaderEpoch(), keys.epoch()); // Redis restarted without persistence
        LeaderElection fresh = node(cluster, "n2").election(); // a process that never saw epoch `first`
        Lease second = fresh.tryAcquire().orElseThrow();
        assertThat(second.epoch()).isGreaterThan(first.epoch());
    }

    @Test
    void tokenNeverAppearsInTheLeaseDescriptionOrTheLeaderRecord() throws Exception {
        String cluster = uniqueCluster();
        Lease lease = node(cluster, "n1").election().tryAcquire().orElseThrow();
        LeaderRecord seen = node(cluster, "n2").election().currentLeader().orElseThrow();
        assertThat(seen.node()).isEqualTo("n1");
        assertThat(lease.toString()).doesNotContain(lease.token());
        assertThat(raw().get(RedisKeys.forCluster(cluster).leader())).isEqualTo(lease.token());
    }

    @Test
    void redisRestartIsReportedAsInterruptedThenReconnectedAndRenewFailsWhileDown() throws Exception {
        RedisBackend backend = node(uniqueCluster(), "n1");
        List<String> events = RecordingListener.on(backend.election());
        Lease lease = backend.election().tryAcquire().orElseThrow();
        assertThat(backend.isConnected()).isTrue();

        server.stop();
        await().atMost(Duration.ofSeconds(5)).until(() -> !backend.isConnected());
        long start = System.nanoTime();
        assertThatThrownBy(() -> backend.election().renew(lease)).isInstanceOf(StoreException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(SETTINGS.commandTimeout().plusMillis(200));

        server.start();
        await().atMost(Duration.ofSeconds(10)).until(backend::isConnected);
        await().atMost(Duration.ofSeconds(2)).until(() -> events.contains("reconnected"));
        assertThat(events).containsExactly("interrupted", "reconnected");
        assertThat(backend.election().currentLeader()).isNotNull(); // answers again instead of throwing
        await().atMost(Duration.ofSeconds(5)).until(() -> raw().ping().equals("PONG"));
    }
}
