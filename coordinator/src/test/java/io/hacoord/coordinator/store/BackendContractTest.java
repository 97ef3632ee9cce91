package io.hacoord.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hacoord.coordinator.election.ElectionSettings;
import io.hacoord.coordinator.election.LeaderElection;
import io.hacoord.coordinator.time.NanoClock;
import io.hacoord.testservers.TcpProxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every coordination-store backend must show, proven against a real server. One subclass per
 * backend supplies the server and opens backends against an address (direct, or through a {@link TcpProxy} so a
 * test can cut the link).
 */
public abstract class BackendContractTest {

    protected static final Duration TTL = Duration.ofSeconds(2);
    protected static final ElectionSettings SETTINGS = ElectionSettings.defaultsFor(TTL);

    private final List<AutoCloseable> toClose = new ArrayList<>();

    /** The store's address for this backend's client, e.g. {@code redis://host:port} or {@code host:port}. */
    protected abstract String address(String host, int port);

    /** Host and port of the real server under test. */
    protected abstract String serverHost();

    protected abstract int serverPort();

    /**
     * Whether a link that goes silent (packets held, no disconnect) is reported as an interruption. ZooKeeper: yes,
     * its client misses its pings and goes SUSPENDED. Redis: no, a slow reply is not a lost connection; the lease
     * deadline covers it.
     */
    protected abstract boolean reportsSilentLinkAsInterrupted();

    /** Opens a backend of this kind for {@code nodeId} at {@code address}. */
    protected abstract Backend open(String address, BackendOptions options);

    protected String uniqueCluster() {
        return "c" + Long.toHexString(System.nanoTime());
    }

    protected Backend node(String cluster, String nodeId) {
        return node(cluster, nodeId, address(serverHost(), serverPort()));
    }

    protected Backend node(String cluster, String nodeId, String address) {
        Backend b = open(address, new BackendOptions(cluster, nodeId, SETTINGS, Duration.ofSeconds(3),
                NanoClock.SYSTEM, Clock.systemUTC()));
        toClose.add(b);
        return b;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
    }

    @Test
    void exactlyOneOfThreeConcurrentAcquiresWins() throws Exception {
        String cluster = uniqueCluster();
        List<LeaderElection> nodes = List.of(node(cluster, "n1").election(), node(cluster, "n2").election(),
                node(cluster, "n3").election());
        List<CompletableFuture<Optional<Lease>>> attempts = new ArrayList<>();
        for (LeaderElection e : nodes) {
            attempts.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return e.tryAcquire();
                } catch (StoreException ex) {
                    throw new IllegalStateException(ex);
                }
            }));
        }
        long winners = attempts.stream().map(CompletableFuture::join).filter(Optional::isPresent).count();
        assertThat(winners).isEqualTo(1);
    }

    @Test
    void currentLeaderNamesTheHolderAndItsEpoch() throws Exception {
        String cluster = uniqueCluster();
        LeaderElection a = node(cluster, "n1").election();
        LeaderElection b = node(cluster, "n2").election();
        assertThat(b.currentLeader()).isEmpty();
        Lease lease = a.tryAcquire().orElseThrow();
        LeaderRecord seen = b.currentLeader().orElseThrow();
        assertThat(seen.node()).isEqualTo("n1");
        assertThat(seen.epoch()).isEqualTo(lease.epoch());
        assertThat(b.tryAcquire()).isEmpty();
    }

    @Test
    void epochsStrictlyIncreaseAcrossTerms() throws Exception {
        String cluster = uniqueCluster();
        List<LeaderElection> nodes = List.of(node(cluster, "n1").election(), node(cluster, "n2").election());
        long last = 0;
        for (int term = 0; term < 6; term++) {
            LeaderElection e = nodes.get(term % 2);
            Lease lease = e.tryAcquire().orElseThrow();
            assertThat(lease.epoch()).isGreaterThan(last);
            last = lease.epoch();
            e.release(lease, "test handover");
        }
    }

    @Test
    void renewConfirmsAtTheSendTimeAndKeepsTheEpoch() throws Exception {
        LeaderElection a = node(uniqueCluster(), "n1").election();
        Lease lease = a.tryAcquire().orElseThrow();
        long before = System.nanoTime();
        Lease renewed = a.renew(lease).orElseThrow();
        assertThat(renewed.epoch()).isEqualTo(lease.epoch());
        assertThat(renewed.confirmedSentAtNanos()).isGreaterThanOrEqualTo(before).isLessThanOrEqualTo(System.nanoTime());
    }

    @Test
    void releasedLeaseIsTakenByAWaitingFollowerWellUnderASecond() throws Exception {
        String cluster = uniqueCluster();
        LeaderElection leader = node(cluster, "n1").election();
        LeaderElection follower = node(cluster, "n2").election();
        Lease lease = leader.tryAcquire().orElseThrow();
        AtomicReference<Long> acquiredAt = new AtomicReference<>();
        CompletableFuture<Lease> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                while (true) {
                    Optional<Lease> got = follower.tryAcquire();
                    if (got.isPresent()) {
                        acquiredAt.set(System.nanoTime());
                        return got.get();
                    }
                    follower.awaitVacancy(Duration.ofSeconds(30));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // Let the follower reach its wait: it has tried once and found the key taken.
        await().atMost(Duration.ofSeconds(5)).until(() -> follower.currentLeader().isPresent());
        await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> true);
        long releasedAt = System.nanoTime();
        leader.release(lease, "graceful handover");
        Lease taken = waiting.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(taken.epoch()).isGreaterThan(lease.epoch());
        assertThat(Duration.ofNanos(acquiredAt.get() - releasedAt)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void leaseOfALeaderThatVanishedWithoutReleaseIsTakenWithinTheTtlPlusMargin() throws Exception {
        String cluster = uniqueCluster();
        Backend dying = node(cluster, "n1");
        LeaderElection follower = node(cluster, "n2").election();
        Lease lease = dying.election().tryAcquire().orElseThrow();
        long goneAt = System.nanoTime();
        dying.close(); // no release: like kill -9 of the leader
        await().atMost(TTL.plusSeconds(3)).until(() -> {
            follower.awaitVacancy(Duration.ofMillis(500));
            return follower.tryAcquire().isPresent();
        });
        assertThat(Duration.ofNanos(System.nanoTime() - goneAt)).isLessThan(TTL.plusSeconds(3));
        assertThat(follower.currentLeader().orElseThrow().epoch()).isGreaterThan(lease.epoch());
    }

    @Test
    void renewAfterAnotherNodeTookOverIsRefused() throws Exception {
        String cluster = uniqueCluster();
        LeaderElection a = node(cluster, "n1").election();
        LeaderElection b = node(cluster, "n2").election();
        Lease old = a.tryAcquire().orElseThrow();
        a.release(old, "test");
        Lease newer = b.tryAcquire().orElseThrow();
        assertThat(a.renew(old)).isEmpty();
        assertThat(b.renew(newer)).isPresent();
    }

    @Test
    void releaseOfAStaleLeaseDoesNotRemoveTheNewLeader() throws Exception {
        String cluster = uniqueCluster();
        LeaderElection a = node(cluster, "n1").election();
        LeaderElection b = node(cluster, "n2").election();
        Lease old = a.tryAcquire().orElseThrow();
        a.release(old, "test");
        b.tryAcquire().orElseThrow();
        a.release(old, "stale release");
        assertThat(b.currentLeader().orElseThrow().node()).isEqualTo("n2");
    }

    @Test
    void leaderCutOffFromTheStoreFailsFastAndIsToldTheConnectionIsInterrupted() throws Exception {
        String cluster = uniqueCluster();
        try (TcpProxy proxy = TcpProxy.to(serverHost(), serverPort())) {
            Backend cutOff = node(cluster, "n1", address(proxy.host(), proxy.port()));
            List<String> events = RecordingListener.on(cutOff.election());
            Lease lease = cutOff.election().tryAcquire().orElseThrow();
            proxy.cut();
            long start = System.nanoTime();
            assertThatThrownBy(() -> cutOff.election().renew(lease)).isInstanceOf(StoreException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isLessThan(SETTINGS.commandTimeout().plusMillis(500));
            // Another node, not cut off, takes over once the lease has expired in the store.
            LeaderElection other = node(cluster, "n2").election();
            await().atMost(TTL.plusSeconds(5)).until(() -> {
                other.awaitVacancy(Duration.ofMillis(300));
                return other.tryAcquire().isPresent();
            });
            if (reportsSilentLinkAsInterrupted()) {
                assertThat(events).contains("interrupted");
            }
            assertThat(cutOff.isConnected()).as("not ready while the store does not answer").isFalse();
        }
    }

    @Test
    void membersArePublishedAndExpireWithoutHeartbeats() throws Exception {
        String cluster = uniqueCluster();
        Backend a = node(cluster, "n1");
        Backend b = node(cluster, "n2");
        Instant now = Instant.now();
        a.store().publishMember(new MemberRecord("n1", "http://127.0.0.1:1", "leader", "t", now, now));
        b.store().publishMember(new MemberRecord("n2", "http://127.0.0.1:2", "follower", "t", now, now));
        assertThat(a.store().members()).extracting(MemberRecord::node).containsExactly("n1", "n2");
        assertThat(b.store().members().get(0)).isEqualTo(
                new MemberRecord("n1", "http://127.0.0.1:1", "leader", "t", now, now));
        b.close();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(a.store().members()).extracting(MemberRecord::node).containsExactly("n1"));
    }

    @Test
    void snapshotFromAnOlderEpochIsRefused() throws Exception {
        Backend a = node(uniqueCluster(), "n1");
        Instant now = Instant.now();
        assertThat(a.store().snapshot()).isEmpty();
        assertThat(a.store().publishSnapshot(new SnapshotRecord(5, "n1", now, "{\"v\":5}"))).isTrue();
        assertThat(a.store().publishSnapshot(new SnapshotRecord(5, "n1", now, "{\"v\":6}"))).isTrue();
        assertThat(a.store().publishSnapshot(new SnapshotRecord(4, "n2", now, "{\"v\":4}"))).isFalse();
        assertThat(a.store().snapshot().orElseThrow()).isEqualTo(new SnapshotRecord(5, "n1", now, "{\"v\":6}"));
    }

    @Test
    void aSnapshotFromATermOlderThanTheCurrentLeadersIsRefused() throws Exception {
        String cluster = uniqueCluster();
        Backend a = node(cluster, "n1");
        Backend b = node(cluster, "n2");
        Lease old = a.election().tryAcquire().orElseThrow();
        a.election().release(old, "test");
        Lease current = b.election().tryAcquire().orElseThrow();
        Instant now = Instant.now();
        // the old leader, paused between its validity check and its write, publishes after the new term began
        assertThat(a.store().publishSnapshot(new SnapshotRecord(old.epoch(), "n1", now, "{}"))).isFalse();
        assertThat(b.store().publishSnapshot(new SnapshotRecord(current.epoch(), "n2", now, "{}"))).isTrue();
    }

    @Test
    void historyKeepsTermsNewestFirstAndClosesSupersededOnes() throws Exception {
        Backend a = node(uniqueCluster(), "n1");
        Instant t1 = Instant.parse("2026-01-01T00:00:00Z");
        Instant t2 = Instant.parse("2026-01-01T00:01:00Z");
        Instant t3 = Instant.parse("2026-01-01T00:02:00Z");
        a.store().recordTermStart(new TermRecord(10, "n1", t1, "elected", null, null), "superseded");
        a.store().recordTermStart(new TermRecord(12, "n2", t2, "elected", null, null), "lease expired");
        a.store().recordTermEnd(12, t3, "released: shutdown");
        a.store().recordTermEnd(12, t3.plusSeconds(5), "released again"); // already closed: no change
        List<TermRecord> h = a.store().history(10);
        assertThat(h).containsExactly(
                new TermRecord(12, "n2", t2, "elected", t3, "released: shutdown"),
                new TermRecord(10, "n1", t1, "elected", t2, "lease expired"));
        assertThat(a.store().history(1)).hasSize(1);
    }
}
