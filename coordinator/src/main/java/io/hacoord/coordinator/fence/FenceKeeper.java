package io.hacoord.coordinator.fence;

import io.hacoord.coordinator.duty.PeriodicDuty;
import io.hacoord.coordinator.ha.LeaderTerm;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader duty that keeps the PostgreSQL {@link Fence} at this term's epoch: at the start of the term it advances
 * the fence (retrying every interval until PostgreSQL answers), and then checks it every interval. If the fence
 * holds a newer epoch, this term is stale and the duty asks the HA loop to step down.
 *
 * <p>It runs as a duty, off the HA loop's thread, so a slow or unreachable PostgreSQL can never delay a lease
 * renewal. Until the fence holds this term's epoch, every fenced transaction of this term is refused, which is the
 * safe direction. Each advance waits at most {@code lockTimeout} for an older term's in-flight transaction.
 */
public final class FenceKeeper extends PeriodicDuty {

    private static final Logger log = LoggerFactory.getLogger(FenceKeeper.class);

    private final Fence fence;
    private final Duration lockTimeout;
    private volatile long heldEpoch;
    private volatile boolean schemaReady;

    public FenceKeeper(Fence fence, Duration interval, Duration lockTimeout) {
        super(interval);
        this.fence = fence;
        this.lockTimeout = lockTimeout;
    }

    @Override
    public String name() {
        return "fence-keeper";
    }

    /** The epoch this node last saw the fence hold for its term (0 before the first success). */
    public long heldEpoch() {
        return heldEpoch;
    }

    @Override
    protected void step(LeaderTerm term) throws Exception {
        if (!schemaReady) { // once per node: the table outlives terms
            fence.ensureSchema();
            schemaReady = true;
        }
        if (heldEpoch != term.epoch() && fence.advance(term.epoch(), term.node(), lockTimeout)) {
            heldEpoch = term.epoch();
            log.info("fence {} advanced to epoch {}", fence.resource(), term.epoch());
            return;
        }
        long stored = fence.currentEpoch();
        if (stored != term.epoch()) {
            term.requestStepDown("fence refused: PostgreSQL fence '" + fence.resource() + "' holds epoch " + stored
                    + ", newer than this term's " + term.epoch());
        }
    }
}
