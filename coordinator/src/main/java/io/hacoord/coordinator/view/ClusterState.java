package io.hacoord.coordinator.view;

import java.time.Instant;
import java.util.List;

/**
 * The cluster state the leader publishes as its snapshot (absolute times, so any node can serve it later).
 *
 * @param cluster cluster name
 * @param leader  the publishing leader's term, or null in a live view with no leader
 * @param members every member whose heartbeat is alive, sorted by node id
 */
public record ClusterState(String cluster, LeaderView leader, List<MemberView> members) {

    public ClusterState {
        members = List.copyOf(members);
    }

    /** A leader and its term. */
    public record LeaderView(String node, long epoch, Instant since) {
    }

    /** A member as its last heartbeat described it. */
    public record MemberView(String node, String role, String api, String version, Instant startedAt,
                             Instant heartbeatAt) {
    }
}
