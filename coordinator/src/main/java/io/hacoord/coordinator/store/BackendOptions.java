package io.hacoord.coordinator.store;

import io.hacoord.coordinator.election.ElectionSettings;
import io.hacoord.coordinator.time.NanoClock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * What every backend needs to open its connection.
 *
 * @param cluster   cluster name; all keys/nodes of this cluster live under it, so clusters can share a store
 * @param nodeId    this node's id
 * @param election  election timing (TTL, renew interval, renew deadline, command timeout)
 * @param memberTtl how long a membership heartbeat lives without being published again
 * @param clock     monotonic time for lease send times
 * @param wall      wall time for records shown to operators
 */
public record BackendOptions(String cluster, String nodeId, ElectionSettings election, Duration memberTtl,
                             NanoClock clock, InstantSource wall) {

    public BackendOptions {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(election, "election");
        Objects.requireNonNull(memberTtl, "memberTtl");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(wall, "wall");
    }
}
