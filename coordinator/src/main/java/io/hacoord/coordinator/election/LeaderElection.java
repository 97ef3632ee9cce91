package io.hacoord.coordinator.election;

import io.hacoord.coordinator.store.LeaderRecord;
import io.hacoord.coordinator.store.Lease;
import io.hacoord.coordinator.store.StoreException;
import java.time.Duration;
import java.util.Optional;

/**
 * Leader election through a coordination store: one implementation per backend (Redis, ZooKeeper).
 *
 * <h2>Atomicity (what the store must do in one step)</h2>
 * <ul>
 *   <li>{@link #tryAcquire()}: "create the leader key only if absent" and "assign this term an epoch strictly greater
 *       than every earlier term's" happen in one atomic step. Redis: one Lua script doing {@code SET NX PX} and
 *       {@code INCR}. ZooKeeper: creating the ephemeral leader node; its {@code czxid} is the epoch.</li>
 *   <li>{@link #renew(Lease)}: compare the holder's token and extend in one step (Redis: compare-and-{@code
 *       PEXPIRE}; ZooKeeper: a round trip that proves the owning session is still alive and still owns the node).</li>
 *   <li>{@link #release(Lease, String)}: compare-and-delete, then notify followers at once.</li>
 * </ul>
 *
 * <h2>Time</h2>
 * Every call returns or throws within the command timeout of {@link ElectionSettings}, which is below the renew
 * interval. A call whose outcome is unknown throws {@link StoreException}; an acquire whose outcome is unknown is
 * cleaned up (compare-and-delete of our own token) before the exception reaches the caller, so a node never holds
 * a lease it does not know of. The {@link Lease} records the monotonic <em>send</em> time of the confirmed call; the
 * caller computes its deadline from that.
 *
 * <h2>Connectivity</h2>
 * While the store is unreachable calls fail fast (Lettuce rejects commands while disconnected; Curator fails
 * operations while suspended). A lost connection is reported to the {@link Listener} so that the leader stops
 * fenced work at once instead of waiting for its deadline.
 *
 * <p>Implementations are thread-safe.
 */
public interface LeaderElection extends AutoCloseable {

    /** This node's id. */
    String nodeId();

    /**
     * One attempt to become leader.
     *
     * @return the new lease if this node won; empty if another node holds the leader key
     * @throws StoreException if the store did not answer in time (an acquire that may have succeeded was undone)
     */
    Optional<Lease> tryAcquire() throws StoreException;

    /**
     * Extends the lease if this node still holds it.
     *
     * @return the lease confirmed at this call's send time; empty if the store says we no longer hold it
     * @throws StoreException if the outcome is unknown: the lease was <em>not</em> extended
     */
    Optional<Lease> renew(Lease lease) throws StoreException;

    /**
     * Gives the lease up if this node still holds it and wakes the followers. Best effort and bounded by the
     * command timeout; never throws (a lease we fail to delete simply expires).
     *
     * @param reason human-readable reason, published to followers and kept in the history
     */
    void release(Lease lease, String reason);

    /** The leader as the store sees it now, or empty if the leader key is free. */
    Optional<LeaderRecord> currentLeader() throws StoreException;

    /**
     * Blocks a follower until the leader key may have become free: a release notification, the remaining TTL of
     * the current leader's key having run out, or {@code maxWait}, whichever is first. Returns early (without
     * error) on interruption of the wait by {@link #wakeUp()}.
     */
    void awaitVacancy(Duration maxWait) throws InterruptedException;

    /** Wakes a thread blocked in {@link #awaitVacancy(Duration)}, e.g. to shut down. */
    void wakeUp();

    /** True while the client believes it is connected to the store. */
    boolean isConnected();

    /** Sets the listener for connectivity changes; called outside any lock of the election. */
    void setListener(Listener listener);

    /** Closes the client; does not release a held lease (call {@link #release} first). Idempotent. */
    @Override
    void close();

    /** Connectivity events that matter for safety. */
    interface Listener {
        /**
         * The connection to the store was interrupted (Curator {@code SUSPENDED}, Redis disconnect). A leader must
         * stop fenced work now.
         */
        void connectionInterrupted(String reason);

        /** The session is gone for good (Curator {@code LOST}): any lease held through it is lost. */
        void leaseLost(String reason);

        /** The connection came back. */
        void reconnected();
    }
}
