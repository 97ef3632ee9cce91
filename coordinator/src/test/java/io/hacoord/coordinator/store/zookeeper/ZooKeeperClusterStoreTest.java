package io.hacoord.coordinator.store.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import io.hacoord.coordinator.election.ElectionSettings;
import io.hacoord.coordinator.store.BackendOptions;
import io.hacoord.coordinator.store.MemberRecord;
import io.hacoord.coordinator.store.TermRecord;
import io.hacoord.coordinator.time.NanoClock;
import io.hacoord.testservers.TestServers;
import io.hacoord.testservers.ZooKeeperServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ZooKeeper-specific behaviour of the cluster store, against a real (in-process) server. */
class ZooKeeperClusterStoreTest {

    private static ZooKeeperServer server;
    private final String cluster = "c" + Long.toHexString(System.nanoTime());
    private ZooKeeperBackend backend;
    private CuratorFramework raw;

    @BeforeAll
    static void startServer() {
        server = TestServers.zookeeper();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void open() throws InterruptedException {
        backend = new ZooKeeperBackend(server.connectString(), new BackendOptions(cluster, "n1",
                ElectionSettings.defaultsFor(Duration.ofSeconds(2)), Duration.ofSeconds(3), NanoClock.SYSTEM,
                Clock.systemUTC()));
        raw = connectedClient();
    }

    @AfterEach
    void close() {
        raw.close();
        backend.close();
    }

    @Test
    void membersLeaveOutAnAliveMemberWhoseHeartbeatIsOlderThanTheMemberTtl() throws Exception {
        Instant now = Instant.now();
        backend.store().publishMember(new MemberRecord("n1", "http://127.0.0.1:1", "leader", "t", now, now));
        backend.store().publishMember(new MemberRecord("n2", "http://127.0.0.1:2", "follower", "t", now,
                now.minusSeconds(10)));
        assertThat(backend.store().members()).extracting(MemberRecord::node).containsExactly("n1");
    }

    @Test
    void memberNodeLeftByAnotherSessionIsReplacedSoTheMemberOutlivesThatSession() throws Exception {
        CuratorFramework oldSession = connectedClient();
        String path = "/hacoord/" + cluster + "/members/n1";
        oldSession.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL)
                .forPath(path, new byte[0]);
        Instant now = Instant.now();
        backend.store().publishMember(new MemberRecord("n1", "http://127.0.0.1:1", "leader", "t", now, now));
        oldSession.close();
        assertThat(backend.store().members()).extracting(MemberRecord::node).containsExactly("n1");
        assertThat(raw.checkExists().forPath(path).getEphemeralOwner()).isNotEqualTo(0L);
    }

    @Test
    void historyKeepsOnlyTheNewestTwoHundredTerms() throws Exception {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        int terms = ZooKeeperClusterStore.HISTORY_KEPT + 5;
        for (int epoch = 1; epoch <= terms; epoch++) {
            backend.store().recordTermStart(new TermRecord(epoch, "n1", t.plusSeconds(epoch), "elected", null, null),
                    "superseded");
        }
        List<TermRecord> all = backend.store().history(1_000);
        assertThat(all).hasSize(ZooKeeperClusterStore.HISTORY_KEPT);
        assertThat(all.getFirst().epoch()).isEqualTo(terms);
        assertThat(all.getLast().epoch()).isEqualTo(terms - ZooKeeperClusterStore.HISTORY_KEPT + 1);
        assertThat(all.get(1).end()).isEqualTo(t.plusSeconds(terms));
    }

    private static CuratorFramework connectedClient() throws InterruptedException {
        CuratorFramework client = CuratorFrameworkFactory.newClient(server.connectString(), new RetryOneTime(100));
        client.start();
        client.blockUntilConnected();
        return client;
    }
}
