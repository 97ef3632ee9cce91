package io.hacoord.coordinator.store;

import java.util.Objects;

/**
 * What a node holds after winning an election: its term's fencing {@code epoch}, the unique {@code token} that
 * proves ownership of the leader key, and the monotonic send time of the last acquire/renew the store confirmed.
 *
 * <p>The lease is valid locally until {@code confirmedSentAtNanos + renewDeadline}: the store's own expiry counts
 * from the moment it <em>received</em> the command, which is after we sent it, so a deadline measured from the send
 * time always ends before the store lets anyone else in (given renewDeadline &lt; TTL).
 *
 * @param node                 id of the node holding the lease
 * @param token                unique per acquisition; renew and release compare it
 * @param epoch                fencing token of the term: strictly greater than every earlier term's
 * @param acquiredAtNanos      monotonic send time of the acquire that started the term
 * @param confirmedSentAtNanos monotonic send time of the last acquire/renew the store confirmed
 */
public record Lease(String node, String token, long epoch, long acquiredAtNanos, long confirmedSentAtNanos) {

    public Lease {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(token, "token");
        if (epoch <= 0) {
            throw new IllegalArgumentException("epoch must be positive, was " + epoch);
        }
        if (confirmedSentAtNanos - acquiredAtNanos < 0) {
            throw new IllegalArgumentException("confirmed send time precedes acquisition");
        }
    }

    /** The same lease, confirmed again by a renewal sent at {@code sentAtNanos}. */
    public Lease renewedAt(long sentAtNanos) {
        return new Lease(node, token, epoch, acquiredAtNanos, sentAtNanos);
    }

    /** Never print the token: it is the proof of ownership. */
    @Override
    public String toString() {
        return "Lease[node=" + node + ", epoch=" + epoch + "]";
    }
}
