package io.hacoord.coordinator.ha;

import io.hacoord.coordinator.election.LeaderElection;
import io.hacoord.coordinator.store.ClusterStore;
import io.hacoord.coordinator.store.LeaderRecord;
import io.hacoord.coordinator.store.Lease;
import io.hacoord.coordinator.store.MemberRecord;
import io.hacoord.coordinator.store.SnapshotRecord;
import io.hacoord.coordinator.store.StoreException;
import io.hacoord.coordinator.store.TermRecord;
import io.hacoord.coordinator.time.FakeNanoClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An in-memory store whose lease expiry runs on a {@link FakeNanoClock}.
 *
 * <p>Why a stand-in and not a real server: these tests prove decisions at exact instants of the lease deadline
 * (one nanosecond before and at it). A real Redis or ZooKeeper expires keys on its own real clock, which a test
 * cannot stop or step. The behaviour of the real stores is proven separately by {@code BackendContractTest} and
 * the node tests against real servers.
 */
final class InMemoryStore implements ClusterStore {

    final FakeNanoClock clock;
    final Duration ttl;
    String holder;
    String token;
    long epoch;
    long expiresAt;
    boolean unreachable;
    final TreeMap<Long, TermRecord> history = new TreeMap<>();
    private int tokens;

    InMemoryStore(FakeNanoClock clock, Duration ttl) {
        this.clock = clock;
        this.ttl = ttl;
    }

    synchronized boolean held() {
        return holder != null && expiresAt - clock.nanoTime() > 0;
    }

    /** Another node takes the key (e.g. after our lease expired in the store). */
    synchronized void takenBy(String node) {
        holder = node;
        token = "other-" + (++tokens);
        epoch++;
        expiresAt = clock.nanoTime() + ttl.toNanos();
    }

    LeaderElection electionFor(String nodeId) {
        return new Election(nodeId);
    }

    private void check() throws StoreException {
        if (unreachable) {
            throw new StoreException("store unreachable (test)");
        }
    }

    final class Election implements LeaderElection {
        private final String nodeId;
        Listener listener;

        Election(String nodeId) {
            this.nodeId = nodeId;
        }

        @Override
        public String nodeId() {
            return nodeId;
        }

        @Override
        public Optional<Lease> tryAcquire() throws StoreException {
            check();
            synchronized (InMemoryStore.this) {
                long sent = clock.nanoTime();
                if (held()) {
                    return Optional.empty();
                }
                holder = nodeId;
                token = nodeId + "-" + (++tokens);
                epoch++;
                expiresAt = sent + ttl.toNanos();
                return Optional.of(new Lease(nodeId, token, epoch, sent, sent));
            }
        }

        @Override
        public Optional<Lease> renew(Lease lease) throws StoreException {
            check();
            synchronized (InMemoryStore.this) {
                long sent = clock.nanoTime();
                if (!held() || !lease.token().equals(token)) {
                    return Optional.empty();
                }
                expiresAt = sent + ttl.toNanos();
                return Optional.of(lease.renewedAt(sent));
            }
        }

        @Override
        public void release(Lease lease, String reason) {
            synchronized (InMemoryStore.this) {
                if (!unreachable && lease.token().equals(token)) {
                    holder = null;
                    token = null;
                }
            }
        }

        @Override
        public Optional<LeaderRecord> currentLeader() throws StoreException {
            check();
            synchronized (InMemoryStore.this) {
                return held() ? Optional.of(new LeaderRecord(holder, epoch,
                        Duration.ofNanos(expiresAt - clock.nanoTime()).toMillis())) : Optional.empty();
            }
        }

        @Override
        public void awaitVacancy(Duration maxWait) {
        }

        @Override
        public void wakeUp() {
        }

        @Override
        public boolean isConnected() {
            return !unreachable;
        }

        @Override
        public void setListener(Listener listener) {
            this.listener = listener;
        }

        @Override
        public void close() {
        }
    }

    @Override
    public void publishMember(MemberRecord member) throws StoreException {
        check();
    }

    @Override
    public List<MemberRecord> members() throws StoreException {
        check();
        return List.of();
    }

    @Override
    public boolean publishSnapshot(SnapshotRecord snapshot) throws StoreException {
        check();
        return true;
    }

    @Override
    public Optional<SnapshotRecord> snapshot() throws StoreException {
        check();
        return Optional.empty();
    }

    @Override
    public synchronized void recordTermStart(TermRecord term, String supersededReason) throws StoreException {
        check();
        for (TermRecord t : new ArrayList<>(history.headMap(term.epoch()).values())) {
            if (t.isOpen()) {
                history.put(t.epoch(), t.ended(term.start(), supersededReason));
            }
        }
        history.putIfAbsent(term.epoch(), term);
    }

    @Override
    public synchronized void recordTermEnd(long epoch, Instant end, String reason) throws StoreException {
        check();
        TermRecord t = history.get(epoch);
        if (t != null && t.isOpen()) {
            history.put(epoch, t.ended(end, reason));
        }
    }

    @Override
    public synchronized List<TermRecord> history(int limit) throws StoreException {
        check();
        return history.values().stream().sorted(Comparator.comparingLong(TermRecord::epoch).reversed())
                .limit(limit).toList();
    }

    @Override
    public void close() {
    }
}
