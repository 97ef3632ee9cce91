package io.hacoord.coordinator.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How members announce themselves: each node writes a heartbeat every {@code heartbeatInterval}, and a member whose
 * last heartbeat is older than {@code ttl} is considered gone.
 */
public record MembershipConfig(Duration heartbeatInterval, Duration ttl) {

    public MembershipConfig {
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(ttl, "ttl");
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("heartbeatInterval must be positive");
        }
        if (ttl.compareTo(heartbeatInterval) <= 0) {
            throw new IllegalArgumentException("ttl must be greater than heartbeatInterval");
        }
    }
}
