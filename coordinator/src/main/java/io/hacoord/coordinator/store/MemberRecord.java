package io.hacoord.coordinator.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A node's heartbeat in the store. Published every heartbeat interval with a TTL, so a dead node disappears.
 *
 * @param node        node id
 * @param api         the node's HTTP API base URL, e.g. {@code http://10.0.0.5:8081}
 * @param role        {@code leader}, {@code follower} or {@code stepping-down}
 * @param version     software version
 * @param startedAt   when the node process started (wall time)
 * @param heartbeatAt when this heartbeat was published (wall time of the publisher)
 */
public record MemberRecord(String node, String api, String role, String version, Instant startedAt,
                           Instant heartbeatAt) {

    public MemberRecord {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(heartbeatAt, "heartbeatAt");
    }
}
