package io.hacoord.coordinator.fence;

import io.hacoord.coordinator.duty.PeriodicDuty;
import io.hacoord.coordinator.ha.LeaderTerm;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A leader duty that proves fencing end to end: every interval the leader appends a row {@code (epoch, node, seq)}
 * to {@code hacoord_fence_canary} through {@link Fence#inTransaction}, and reports each write's outcome:
 * {@code acknowledged} (committed), {@code refused} (the fence holds another epoch: nothing written) or
 * {@code unknown} (PostgreSQL failed mid-way: it may or may not have committed). A checker can then verify that
 * the epochs of the committed rows, in commit order, never go backwards, and that every acknowledged row exists.
 * The chaos suite runs it as its workload; operators can run it as a canary.
 */
public final class FenceCanary extends PeriodicDuty {

    /** Receives every write's outcome. */
    @FunctionalInterface
    public interface Outcomes {
        void written(long epoch, long seq, String outcome);
    }

    private final Fence fence;
    private final Outcomes outcomes;
    private final AtomicLong seq = new AtomicLong();

    public FenceCanary(Fence fence, Duration interval, Outcomes outcomes) {
        super(interval);
        this.fence = fence;
        this.outcomes = outcomes;
    }

    @Override
    public String name() {
        return "fence-canary";
    }

    @Override
    protected void step(LeaderTerm term) throws InterruptedException {
        if (!term.isValid()) {
            return;
        }
        long n = seq.incrementAndGet();
        String outcome;
        try {
            fence.inTransaction(term.epoch(), c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO hacoord_fence_canary (resource, epoch, node, seq) VALUES (?, ?, ?, ?)")) {
                    ps.setString(1, fence.resource());
                    ps.setLong(2, term.epoch());
                    ps.setString(3, term.node());
                    ps.setLong(4, n);
                    return ps.executeUpdate();
                }
            });
            outcome = "acknowledged";
        } catch (StaleEpochException e) {
            outcome = "refused";
        } catch (SQLException e) {
            outcome = "unknown";
        }
        outcomes.written(term.epoch(), n, outcome);
    }
}
