package io.hacoord.coordinator.ha;

import java.time.Duration;
import java.util.Objects;

/**
 * What one HA cycle did and why, and when the next cycle should run. Like Patroni's {@code run_cycle} message, the
 * reason is written for an operator and asserted by tests.
 *
 * @param kind   what happened
 * @param reason why, in words an operator understands
 * @param next   how long to wait before the next cycle (the wait returns early when woken)
 */
public record CycleOutcome(Kind kind, String reason, Duration next) {

    public enum Kind {
        /** This node won a term. */
        ELECTED,
        /** Another node holds the lease; this node follows it. */
        FOLLOWING,
        /** The store could not be reached; nothing is assumed. */
        STORE_UNREACHABLE,
        /** The leader's lease was renewed. */
        RENEWED,
        /** A renewal failed; the lease is still valid until its deadline. */
        RENEW_FAILED,
        /** This node stopped being leader. */
        STEPPED_DOWN,
        /** The loop is shutting down. */
        SHUTDOWN
    }

    public CycleOutcome {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(next, "next");
        if (next.isNegative()) {
            next = Duration.ZERO;
        }
    }
}
