package io.hacoord.coordinator.store.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hacoord.coordinator.election.ElectionSettings;
import io.hacoord.coordinator.election.LeaderElection;
import io.hacoord.coordinator.store.BackendOptions;
import io.hacoord.coordinator.store.Lease;
import io.hacoord.coordinator.store.RecordingListener;
import io.hacoord.coordinator.store.StoreException;
import io.hacoord.coordinator.time.NanoClock;
import io.hacoord.testservers.TcpProxy;
import io.hacoord.testservers.TestServers;
import io.hacoord.testservers.ZooKeeperServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ZooKeeper-specific behaviour of the election, against a real (in-process) server. */
class ZooKeeperLeaderElectionTest {

    private static final Duration TTL = Duration.ofSeconds(2);

    private ZooKeeperServer server;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final String cluster = "c" + Long.toHexString(System.nanoTime());

    @BeforeEach
    void startServer() {
        server = TestServers.zookeeper();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
        server.close();
    }

    @Test
    void epochIsTheCzxidOfTheLeaderNodeAndTheNodeIsOwnedByTheLeadersSession() throws Exception {
        ZooKeeperBackend leader = open("n1", server.connectString(), TTL);
        Lease lease = leader.election().tryAcquire().orElseThrow();
        Stat stat = rawClient().checkExists().forPath("/hacoord/" + cluster + "/leader");
        assertThat(stat.getCzxid()).isEqualTo(lease.epoch());
        assertThat(stat.getEphemeralOwner()).isNotZero();
        assertThat(leader.election().currentLeader().orElseThrow().remainingMs()).isEqualTo(TTL.toMillis());
    }

    @Test
    void cutLinkIsReportedSuspendedAndRenewFailsFastThenLostAfterTheSessionTimeout() throws Exception {
        TcpProxy proxy = TcpProxy.to("127.0.0.1", port());
        toClose.add(proxy);
        ZooKeeperBackend leader = open("n1", proxy.host() + ":" + proxy.port(), TTL);
        List<String> events = record(leader.election());
        Lease lease = leader.election().tryAcquire().orElseThrow();

        proxy.cut();
        await().atMost(TTL).until(() -> events.contains("interrupted"));
        long start = System.nanoTime();
        assertThatThrownBy(() -> leader.election().renew(lease)).isInstanceOf(StoreException.class);
        // Suspended: refused before anything is sent, far below the command timeout.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));
        assertThat(leader.isConnected()).isFalse();

        await().atMost(TTL.plusSeconds(3)).until(() -> events.contains("lost"));
        assertThat(events.indexOf("lost")).isGreaterThan(events.indexOf("interrupted"));

        proxy.restore();
        await().atMost(TTL.plusSeconds(5)).until(() -> events.contains("reconnected") && leader.isConnected());
        // The session that owned the leader node is gone: the old lease can never be confirmed again.
        await().atMost(TTL.plusSeconds(3)).untilAsserted(() -> assertThat(leader.election().renew(lease)).isEmpty());
    }

    @Test
    void serverRestartWithinTheSessionTimeoutKeepsTheSessionAndTheLease() throws Exception {
        Duration longTtl = Duration.ofSeconds(8); // room for the restart and the client's reconnect back-off
        ZooKeeperBackend leader = open("n1", server.connectString(), longTtl);
        List<String> events = record(leader.election());
        Lease lease = leader.election().tryAcquire().orElseThrow();

        server.stop();
        await().atMost(longTtl).until(() -> events.contains("interrupted"));
        server.restart();
        await().atMost(longTtl).until(() -> events.contains("reconnected") && leader.isConnected());

        assertThat(leader.election().renew(lease))
                .hasValueSatisfying(l -> assertThat(l.epoch()).isEqualTo(lease.epoch()));
        assertThat(events).doesNotContain("lost");
    }

    @Test
    void serverDownLongerThanTheSessionTimeoutLosesTheLeaseAndTheNextTermHasAGreaterEpoch() throws Exception {
        ZooKeeperBackend leader = open("n1", server.connectString(), TTL);
        List<String> events = record(leader.election());
        Lease lease = leader.election().tryAcquire().orElseThrow();

        server.stop();
        await().atMost(TTL.plusSeconds(3)).until(() -> events.contains("lost"));
        server.restart();
        await().atMost(TTL.plusSeconds(5)).until(leader::isConnected);

        assertThat(leader.election().renew(lease)).isEmpty();
        ZooKeeperBackend other = open("n2", server.connectString(), TTL);
        await().atMost(TTL.plusSeconds(5)).until(() -> {
            other.election().awaitVacancy(Duration.ofMillis(300));
            return other.election().tryAcquire().isPresent();
        });
        assertThat(other.election().currentLeader().orElseThrow().epoch()).isGreaterThan(lease.epoch());
    }

    @Test
    void awaitVacancyReturnsAtOnceWhenNoNodeLeads() throws Exception {
        LeaderElection follower = open("n1", server.connectString(), TTL).election();
        long start = System.nanoTime();
        follower.awaitVacancy(Duration.ofSeconds(10));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void wakeUpEndsAWaitForVacancy() throws Exception {
        open("n1", server.connectString(), TTL).election().tryAcquire().orElseThrow();
        LeaderElection follower = open("n2", server.connectString(), TTL).election();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                follower.awaitVacancy(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> waiter.getState() == Thread.State.WAITING
                || waiter.getState() == Thread.State.TIMED_WAITING);
        follower.wakeUp();
        await().atMost(Duration.ofSeconds(2)).until(() -> !waiter.isAlive());
    }

    private ZooKeeperBackend open(String nodeId, String connectString, Duration ttl) {
        BackendOptions options = new BackendOptions(cluster, nodeId, ElectionSettings.defaultsFor(ttl),
                Duration.ofSeconds(3), NanoClock.SYSTEM, Clock.systemUTC());
        ZooKeeperBackend backend = new ZooKeeperBackend(connectString, options);
        toClose.add(backend);
        return backend;
    }

    private CuratorFramework rawClient() throws InterruptedException {
        CuratorFramework client = CuratorFrameworkFactory.newClient(server.connectString(), new RetryOneTime(100));
        toClose.add(client);
        client.start();
        client.blockUntilConnected();
        return client;
    }

    private int port() {
        String cs = server.connectString();
        return Integer.parseInt(cs.substring(cs.lastIndexOf(':') + 1));
    }

    private static List<String> record(LeaderElection election) {
        List<String> events = RecordingListener.on(election);
        return events;
    }
}
