package io.hacoord.coordinator.duty;

import io.hacoord.coordinator.ha.LeaderTerm;
import java.time.Duration;

/**
 * Work that only the leader does (publishing the cluster snapshot; later health checks, failover, backups).
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #start(LeaderTerm)} is called once per term after the node won it, and returns quickly (it starts
 *       background work; it does not do the work).</li>
 *   <li>Every side effect checks {@link LeaderTerm#isValid()} first and carries {@link LeaderTerm#epoch()} to the
 *       resource it touches, which refuses an older epoch. A duty that outlives its stop is therefore harmless, but
 *       it must still stop.</li>
 *   <li>{@link #stop(String, Duration)} returns within the budget it is given (the time left before the lease could
 *       expire in the store), whatever state the duty is in. It may be called from any thread, and more than once.</li>
 * </ul>
 */
public interface LeaderDuty {

    /** Short name for logs and metrics, e.g. "snapshot-publisher". */
    String name();

    void start(LeaderTerm term) throws Exception;

    void stop(String reason, Duration budget) throws InterruptedException;
}
