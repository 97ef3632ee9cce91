package io.hacoord.chaos;

import java.time.Duration;

/**
 * The timing every chaos run uses, and the bounds derived from it.
 *
 * @param timeout        election timeout T of the nodes
 * @param canaryInterval how often the leader writes through the fence
 */
record ChaosSettings(Duration timeout, Duration canaryInterval) {

    static final ChaosSettings DEFAULT = new ChaosSettings(Duration.ofSeconds(2), Duration.ofMillis(50));

    Duration renewInterval() {
        return timeout.dividedBy(3);
    }

    Duration renewDeadline() {
        return timeout.multipliedBy(2).dividedBy(3);
    }

    /**
     * After a fault heals, exactly one leader must exist within this bound: the old lease expires within T, a
     * follower retries at the key's remaining TTL or on the ZooKeeper watch, and a node restarted or reconnected
     * needs at most another T to (re)establish its session; plus 3 s for JVM start and store recovery on a busy
     * two-core machine.
     */
    Duration singleLeaderBound() {
        return timeout.multipliedBy(2).plusSeconds(3);
    }

    /**
     * A pause this short must not cost the leader its term. Its deadline is at least {@code D - R} away when the
     * pause starts; a renewal caught by the pause can still time out after it ({@code R/2}, the command timeout)
     * and be retried: half of what is left is the pause.
     */
    Duration shortPause() {
        return renewDeadline().minus(renewInterval()).minus(renewInterval().dividedBy(2)).dividedBy(2);
    }

    /** A pause this long outlives the lease for sure. */
    Duration longPause() {
        return timeout.plus(timeout.dividedBy(2));
    }
}
