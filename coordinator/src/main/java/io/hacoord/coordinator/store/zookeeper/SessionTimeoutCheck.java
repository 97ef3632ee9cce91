package io.hacoord.coordinator.store.zookeeper;

import java.time.Duration;
import java.util.Optional;

/**
 * Whether the session timeout the ZooKeeper server granted keeps the leader's deadline safe.
 *
 * <p>The leader stops acting at {@code renewDeadline} (below the TTL) after the send time of its last confirmed
 * renewal. The server expires a session when it has received nothing from it for the <em>negotiated</em> session
 * timeout, counted from a heartbeat that arrived after that send. So the deadline ends before the session can expire
 * only if the negotiated timeout is at least the configured TTL. ZooKeeper silently clamps the requested timeout to
 * the server's {@code [minSessionTimeout, maxSessionTimeout]} (by default 2 and 20 ticks), so a longer TTL than
 * {@code 20 x tickTime} yields a shorter session than configured: then a new leader could be elected while the old
 * one still believes its lease is valid. We refuse to lead in that case rather than run unfenced.
 *
 * <p>A negotiated timeout <em>longer</em> than the TTL is safe (the node outlives the deadline) and only slows an
 * unplanned failover.
 */
final class SessionTimeoutCheck {

    private SessionTimeoutCheck() {
    }

    /**
     * The problem with this combination, or empty when it is safe.
     *
     * @param configuredTtl the election TTL we asked for as session timeout
     * @param negotiatedMs  what the server granted ({@code ZooKeeper#getSessionTimeout()}); 0 before connecting
     */
    static Optional<String> problem(Duration configuredTtl, int negotiatedMs) {
        if (negotiatedMs <= 0) {
            return Optional.of("no ZooKeeper session negotiated yet");
        }
        if (negotiatedMs < configuredTtl.toMillis()) {
            return Optional.of("ZooKeeper negotiated a session timeout of " + negotiatedMs + "ms, shorter than "
                    + "election.timeout " + configuredTtl.toMillis() + "ms: the leader's lease could outlive its "
                    + "session, so this node refuses to lead. Set the server's minSessionTimeout/maxSessionTimeout "
                    + "so that " + configuredTtl.toMillis() + "ms is allowed, or lower election.timeout");
        }
        return Optional.empty();
    }
}
