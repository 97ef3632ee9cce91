package io.hacoord.coordinator.ha;

import io.hacoord.coordinator.store.Lease;
import io.hacoord.coordinator.time.NanoClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * One term of leadership as this node holds it: the fencing epoch, and the lease whose deadline decides whether
 * this node may act <em>now</em>.
 *
 * <p>Validity is computed on every call from monotonic time: the term is valid while less than
 * {@code renewDeadline} has passed since the send time of the last renewal the store confirmed, and the term has
 * not been revoked. There is no "is leader" flag to forget to clear: when renewals stop, the term becomes invalid
 * by itself, whatever any thread is doing. Duties check {@link #isValid()} before each side effect and pass
 * {@link #epoch()} to the resource, which refuses older epochs.
 */
public final class LeaderTerm {

    private final NanoClock clock;
    private final long renewDeadlineNanos;
    private final Instant startedAt;
    private final BiConsumer<LeaderTerm, String> stepDownRequests;
    private volatile Lease lease;
    private volatile boolean revoked;
    private volatile long revokedAtNanos;

    public LeaderTerm(Lease lease, Duration renewDeadline, NanoClock clock, Instant startedAt) {
        this(lease, renewDeadline, clock, startedAt, (t, r) -> t.revoke());
    }

    /**
     * @param stepDownRequests called by {@link #requestStepDown(String)}; the HA loop steps down from this term
     */
    public LeaderTerm(Lease lease, Duration renewDeadline, NanoClock clock, Instant startedAt,
                      BiConsumer<LeaderTerm, String> stepDownRequests) {
        this.lease = Objects.requireNonNull(lease, "lease");
        this.renewDeadlineNanos = renewDeadline.toNanos();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
        this.stepDownRequests = Objects.requireNonNull(stepDownRequests, "stepDownRequests");
    }

    /**
     * Asks the HA loop to end this term because a duty found it stale (e.g. the fence holds a newer epoch). The
     * term stops being valid at once; the step-down itself (duties stopped, lease released) follows on another
     * thread, so this may be called from within a duty.
     */
    public void requestStepDown(String reason) {
        revoke();
        stepDownRequests.accept(this, reason);
    }

    public long epoch() {
        return lease.epoch();
    }

    public String node() {
        return lease.node();
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Lease lease() {
        return lease;
    }

    /** True while this node may act as leader: lease deadline not reached and term not revoked. */
    public boolean isValid() {
        return !revoked && remainingNanos() > 0;
    }

    /** Time left before the deadline (negative once it has passed); ignores revocation. */
    public long remainingNanos() {
        return lease.confirmedSentAtNanos() + renewDeadlineNanos - clock.nanoTime();
    }

    /** Monotonic instant of the deadline of the current lease. */
    public long deadlineNanos() {
        return lease.confirmedSentAtNanos() + renewDeadlineNanos;
    }

    /**
     * Records a renewal the store confirmed. A renewal never moves the deadline backwards, and a revoked term stays
     * revoked.
     */
    public void confirmed(Lease renewed) {
        if (renewed.epoch() != lease.epoch()) {
            throw new IllegalArgumentException("renewal of epoch " + renewed.epoch() + " for term " + lease.epoch());
        }
        if (renewed.confirmedSentAtNanos() - lease.confirmedSentAtNanos() > 0) {
            lease = renewed;
        }
    }

    /** Ends the right to act at once (step-down, lost connection, shutdown). Irreversible. */
    public void revoke() {
        if (!revoked) {
            revoked = true; // first: from here on isValid() is false...
            revokedAtNanos = clock.nanoTime(); // ...so this is no earlier than the last instant it was true
        }
    }

    /**
     * The last instant this node may have acted in this term: the revocation time or the lease deadline, whichever
     * came first (for the event log and the chaos checker).
     */
    public long lastValidNanos() {
        long deadline = deadlineNanos();
        long r = revokedAtNanos;
        return revoked && r != 0 && r - deadline < 0 ? r : deadline;
    }

    public boolean isRevoked() {
        return revoked;
    }

    @Override
    public String toString() {
        return "term " + epoch() + " of " + node();
    }
}
