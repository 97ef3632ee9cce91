package io.hacoord.coordinator.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.hacoord.coordinator.election.LeaderElection;
import io.hacoord.coordinator.ha.LeaderTerm;
import io.hacoord.coordinator.store.ClusterStore;
import io.hacoord.coordinator.store.LeaderRecord;
import io.hacoord.coordinator.store.MemberRecord;
import io.hacoord.coordinator.store.SnapshotRecord;
import io.hacoord.coordinator.store.StoreException;
import io.hacoord.coordinator.store.TermRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Builds the cluster state the leader publishes, and the {@code /cluster} answer every node serves.
 *
 * <p>Every node serves the leader's latest snapshot while it is younger than the lease TTL, so all nodes give the
 * same answer. Without a fresh snapshot (during a failover) a node reads members and leader from the store itself;
 * with the store unreachable it serves the last snapshot it saw, marked {@code cached}, with the error.
 *
 * <p>Whatever the source, no answer claims a leadership the serving node knows to be invalid: if the named leader is
 * this node and its lease deadline has passed, the leader is null; if this node holds a valid term the snapshot does
 * not show yet, it is named; and this node's own member entry always shows its role as of now.
 */
public final class ClusterViews {

    private final String cluster;
    private final String nodeId;
    private final ClusterStore store;
    private final LeaderElection election;
    private final Supplier<Optional<LeaderTerm>> validTerm;
    private final Supplier<String> selfRole;
    private final Duration freshness;
    private final InstantSource wall;
    private volatile SnapshotRecord lastSnapshot;

    public ClusterViews(String cluster, String nodeId, ClusterStore store, LeaderElection election,
                        Supplier<Optional<LeaderTerm>> validTerm, Supplier<String> selfRole, Duration freshness,
                        InstantSource wall) {
        this.cluster = cluster;
        this.nodeId = nodeId;
        this.store = store;
        this.election = election;
        this.validTerm = validTerm;
        this.selfRole = selfRole;
        this.freshness = freshness;
        this.wall = wall;
    }

    /** The state a leader publishes for its term. */
    public ClusterState stateFor(LeaderTerm term) throws StoreException {
        return new ClusterState(cluster, new ClusterState.LeaderView(term.node(), term.epoch(), term.startedAt()),
                members());
    }

    /** Serializes a state for the store. */
    public static String toJson(ClusterState state) {
        try {
            return Json.MAPPER.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cluster state is not serializable", e);
        }
    }

    /** The {@code /cluster} answer of this node now. */
    public ClusterAnswer answer() {
        Instant now = wall.instant();
        try {
            Optional<SnapshotRecord> snap = store.snapshot();
            snap.ifPresent(s -> lastSnapshot = s);
            if (snap.isPresent() && age(snap.get(), now).compareTo(freshness) <= 0) {
                return answerFrom(parse(snap.get()), "snapshot", snap.get(), null, now);
            }
            return answerFrom(liveState(), "live", null, null, now);
        } catch (StoreException e) {
            SnapshotRecord cached = lastSnapshot;
            ClusterState state = cached != null ? parse(cached) : new ClusterState(cluster, null, List.of());
            return answerFrom(state, "cached", cached, e.getMessage(), now);
        }
    }

    private ClusterState liveState() throws StoreException {
        Optional<LeaderRecord> leader = election.currentLeader();
        ClusterState.LeaderView view = null;
        if (leader.isPresent()) {
            Instant since = store.history(5).stream().filter(t -> t.epoch() == leader.get().epoch())
                    .map(TermRecord::start).findFirst().orElse(null);
            view = new ClusterState.LeaderView(leader.get().node(), leader.get().epoch(), since);
        }
        return new ClusterState(cluster, view, members());
    }

    private List<ClusterState.MemberView> members() throws StoreException {
        return store.members().stream().map(ClusterViews::view).toList();
    }

    private static ClusterState.MemberView view(MemberRecord m) {
        return new ClusterState.MemberView(m.node(), m.role(), m.api(), m.version(), m.startedAt(), m.heartbeatAt());
    }

    private ClusterAnswer answerFrom(ClusterState state, String source, SnapshotRecord snap, String error,
                                     Instant now) {
        List<ClusterAnswer.Member> members = state.members().stream()
                .map(m -> new ClusterAnswer.Member(m.node(), m.node().equals(nodeId) ? selfRole.get() : m.role(),
                        m.api(),
                        Math.max(0, Duration.between(m.heartbeatAt(), now).toMillis()), m.version(), m.startedAt()))
                .toList();
        return new ClusterAnswer(cluster, checkedLeader(state.leader()), members, nodeId, source,
                snap == null ? null : age(snap, now).toMillis(), snap == null ? null : snap.epoch(), error);
    }

    /** The leader to show, after this node's own knowledge of its lease. */
    private ClusterState.LeaderView checkedLeader(ClusterState.LeaderView shown) {
        Optional<LeaderTerm> mine = validTerm.get();
        if (mine.isPresent()) {
            LeaderTerm t = mine.get();
            return new ClusterState.LeaderView(t.node(), t.epoch(), t.startedAt());
        }
        if (shown != null && shown.node().equals(nodeId)) {
            return null; // the view names us, but our lease is not valid now: never claim it
        }
        return shown;
    }

    private static Duration age(SnapshotRecord s, Instant now) {
        Duration d = Duration.between(s.publishedAt(), now);
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static ClusterState parse(SnapshotRecord s) {
        try {
            return Json.MAPPER.readValue(s.json(), ClusterState.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable snapshot of epoch " + s.epoch(), e);
        }
    }
}
