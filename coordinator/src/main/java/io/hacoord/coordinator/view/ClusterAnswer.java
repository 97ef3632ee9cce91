package io.hacoord.coordinator.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code GET /cluster}: the same state from any node, with how stale it is.
 *
 * @param cluster       cluster name
 * @param leader        the leader whose lease is valid as far as this answer knows, or null
 * @param members       members with how long ago each was last seen
 * @param servedBy      the node that answered
 * @param source        {@code snapshot} (published by the leader), {@code live} (read from the store by this node
 *                      because no fresh snapshot exists) or {@code cached} (the store is unreachable)
 * @param snapshotAgeMs age of the leader's snapshot, when the source is a snapshot
 * @param snapshotEpoch epoch of the term that published the snapshot
 * @param storeError    why the store could not be read, when it could not
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterAnswer(String cluster, ClusterState.LeaderView leader, List<Member> members, String servedBy,
                            String source, Long snapshotAgeMs, Long snapshotEpoch, String storeError) {

    /** A member in the answer. */
    public record Member(String node, String role, String api, long lastSeenMs, String version, Instant startedAt) {
    }
}
