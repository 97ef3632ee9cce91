package io.hacoord.replication.ranking;

import io.hacoord.replication.Lag;
import io.hacoord.replication.ReplicaState;
import java.util.Objects;
import java.util.Set;

/**
 * What the ranker knows of one replica: a value, independent of PostgreSQL or Redis.
 *
 * @param name the replica's endpoint name
 * @param state its replication state ({@link ReplicaState#UNREACHABLE} when it did not answer)
 * @param unhealthyReason why it is unhealthy, or null when healthy (e.g. the probe's error)
 * @param lag its lag behind the primary (or behind the most advanced replica when the primary is gone)
 * @param receivedPosition how much of the stream it has received (PostgreSQL received LSN, Redis offset); -1 unknown
 * @param replayedPosition how much of it it has applied (PostgreSQL replayed LSN, Redis offset); -1 unknown
 * @param priority higher wins among candidates at the same position
 * @param tags operator tags; {@value CandidateRanker#NO_FAILOVER_TAG} excludes the replica
 */
public record Candidate(String name, ReplicaState state, String unhealthyReason, Lag lag,
                        long receivedPosition, long replayedPosition, int priority, Set<String> tags) {

    public Candidate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lag, "lag");
        tags = Set.copyOf(tags);
    }

    public boolean healthy() {
        return unhealthyReason == null && state != ReplicaState.UNREACHABLE;
    }
}
