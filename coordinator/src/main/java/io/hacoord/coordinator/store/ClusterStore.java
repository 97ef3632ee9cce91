package io.hacoord.coordinator.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The shared state of the cluster kept in the coordination store, apart from the election itself: membership
 * heartbeats, the leader's published snapshot, and the history of terms. One implementation per backend.
 *
 * <p>Every call returns or throws {@link StoreException} within the store's command timeout. Implementations are
 * thread-safe.
 */
public interface ClusterStore extends AutoCloseable {

    /**
     * Publishes this node's heartbeat; the store forgets it after the membership TTL unless it is published again
     * (Redis: {@code SET PX}; ZooKeeper: an ephemeral node that also dies with the session).
     */
    void publishMember(MemberRecord member) throws StoreException;

    /** The members whose heartbeat has not expired, sorted by node id. */
    List<MemberRecord> members() throws StoreException;

    /**
     * Stores the leader's snapshot if its epoch is at least the stored snapshot's epoch: a stale leader can never
     * overwrite the state published by a newer term. Atomic (compare-and-set in the store).
     *
     * @return true if stored, false if refused because the store holds a snapshot from a newer epoch
     */
    boolean publishSnapshot(SnapshotRecord snapshot) throws StoreException;

    /** The last published snapshot, if any. */
    Optional<SnapshotRecord> snapshot() throws StoreException;

    /**
     * Records the start of a term, and closes every still-open term with a lower epoch, with end time
     * {@code term.start()} and the given reason (their leaders died without saying goodbye). Idempotent per epoch.
     */
    void recordTermStart(TermRecord term, String supersededReason) throws StoreException;

    /** Closes the term with this epoch, if it is open. */
    void recordTermEnd(long epoch, Instant end, String reason) throws StoreException;

    /** The newest {@code limit} terms, newest first. The store keeps at least the last 100. */
    List<TermRecord> history(int limit) throws StoreException;

    /** Closes the client. Idempotent. */
    @Override
    void close();
}
