package io.hacoord.coordinator.store.zookeeper;

import io.hacoord.coordinator.election.LeaderElection;
import io.hacoord.coordinator.election.VacancySignal;
import io.hacoord.coordinator.store.BackendOptions;
import io.hacoord.coordinator.store.LeaderRecord;
import io.hacoord.coordinator.store.Lease;
import io.hacoord.coordinator.store.StoreException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election through one ephemeral ZooKeeper node, {@code /hacoord/<cluster>/leader}.
 *
 * <h2>Fencing epoch</h2>
 * The epoch of a term is the {@code czxid} of the leader node: the zxid of the transaction that created it. Zxids
 * are assigned by the ZooKeeper leader in one total order and carry the ZooKeeper epoch in their high 32 bits, so
 * the czxid of each new leader node is strictly greater than that of every earlier one, across ZooKeeper leader
 * changes too, and creating the node and getting its epoch are one atomic step. (A sequence suffix would restart
 * when the parent is re-created, so we do not use one.)
 *
 * <h2>Lease and deadline</h2>
 * The node lives exactly as long as the session that created it. {@link #renew} is a {@code sync} followed by an
 * {@code exists} (two round trips within one command timeout) that proves the node still exists, still has the
 * lease's czxid, and is owned by our <em>current</em> session, as the ensemble's leader sees it: without the sync,
 * a server partitioned from its quorum would answer from stale data and confirm a session the ensemble already
 * expired, so two nodes could both hold a valid lease. The lease is then
 * confirmed at the monotonic time taken just before the request was sent. The server expires a session when it has
 * heard nothing from it for the negotiated session timeout, counted from the last packet it <em>received</em>, which
 * is after our send. So as long as the negotiated timeout is at least the TTL (checked before every acquire, see
 * {@link SessionTimeoutCheck}), the caller's deadline ({@code sendTime + renewDeadline}, below the TTL) ends before
 * the node can vanish and another node can take over.
 *
 * <h2>Connectivity: SUSPENDED vs LOST</h2>
 * Curator reports {@code SUSPENDED} when the socket to the server breaks: the session may still be alive (and our
 * node with it), but we can no longer prove it, so the listener's {@code connectionInterrupted} tells a leader to
 * stop fenced work at once, and every call fails fast. {@code LOST} means the session is gone (the server said it
 * expired, or, with Curator's default policy, the session timeout elapsed while suspended): the node is gone, the
 * lease is lost. {@code RECONNECTED} may come back with the same session (the lease survives and the next renew
 * confirms it) or with a new one (the next renew sees a different owner and answers empty).
 *
 * <p>Thread-safe. Listener calls are made on Curator's event thread, outside any lock, and their exceptions are
 * contained.
 */
public final class ZooKeeperLeaderElection implements LeaderElection {

    private static final Logger log = LoggerFactory.getLogger(ZooKeeperLeaderElection.class);

    private final ZkSession session;
    private final BackendOptions options;
    private final String leaderPath;
    private final VacancySignal vacancy = new VacancySignal();
    private final Watcher leaderWatcher = this::onLeaderNodeEvent;
    private final ConnectionStateListener stateListener = this::onConnectionStateChanged;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Tokens of the leases this node handed out and has not seen end: the acquires it knows of. */
    private final Set<String> knownTokens = ConcurrentHashMap.newKeySet();
    private volatile Listener listener;

    ZooKeeperLeaderElection(ZkSession session, BackendOptions options, String clusterPath) {
        this.session = session;
        this.options = options;
        this.leaderPath = clusterPath + "/leader";
        session.curator().getConnectionStateListenable().addListener(stateListener);
    }

    @Override
    public String nodeId() {
        return options.nodeId();
    }

    @Override
    public Optional<Lease> tryAcquire() throws StoreException {
        ZkCall call = session.call("acquire leadership");
        Optional<String> problem = SessionTimeoutCheck.problem(options.election().ttl(),
                call.negotiatedSessionTimeoutMs());
        if (problem.isPresent()) {
            throw new StoreException(problem.get());
        }
        String token = UUID.randomUUID().toString();
        byte[] data = ZkJson.write(new ZkJson.LeaderData(nodeId(), token, call.negotiatedSessionTimeoutMs()));
        long sentAt = options.clock().nanoTime();
        try {
            Stat stat = createLeaderNode(call, data);
            knownTokens.add(token);
            return Optional.of(new Lease(nodeId(), token, stat.getCzxid(), sentAt, sentAt));
        } catch (KeeperException.NodeExistsException taken) {
            removeOrphanOfOurSession(call);
            return Optional.empty();
        } catch (KeeperException e) {
            throw new StoreException("acquire leadership: unexpected answer " + e.code(), e);
        } catch (StoreException unknown) {
            undoUnknownAcquire(call.sessionId(), token);
            throw unknown;
        }
    }

    private Stat createLeaderNode(ZkCall call, byte[] data) throws StoreException, KeeperException {
        try {
            return call.create(leaderPath, data, CreateMode.EPHEMERAL);
        } catch (KeeperException.NoNodeException noParent) {
            call.createParents(leaderPath);
            return call.create(leaderPath, data, CreateMode.EPHEMERAL);
        }
    }

    /**
     * A leader node owned by our own session that we hold no lease for can only come from an earlier acquire whose
     * answer we never saw (its cleanup failed too). Left alone it would live as long as our session and block every
     * election, so we delete it; the next attempt starts a fresh term.
     */
    private void removeOrphanOfOurSession(ZkCall call) {
        try {
            ZkCall.Node node = call.getData(leaderPath);
            if (node != null && node.stat().getEphemeralOwner() == call.sessionId()
                    && !knownTokens.contains(ZkJson.read(node.data(), ZkJson.LeaderData.class, leaderPath).token())) {
                log.warn("Removing a leader node of our own session that no lease knows of (epoch {})",
                        node.stat().getCzxid());
                call.delete(leaderPath, node.stat().getVersion());
            }
        } catch (StoreException | KeeperException e) {
            log.debug("Could not check the leader node for an orphan of our session", e);
        }
    }

    /**
     * The create may have succeeded. Requests of one session are processed in order, so this check, sent after it,
     * sees its effect; if the node is ours (our session, or our token), delete it so that we never hold a lease we
     * do not know of. Has its own command-timeout budget.
     */
    private void undoUnknownAcquire(long sessionId, String token) {
        try {
            ZkCall call = session.call("undo unknown acquire");
            ZkCall.Node node = call.getData(leaderPath);
            if (node != null && (node.stat().getEphemeralOwner() == sessionId
                    || token.equals(ZkJson.read(node.data(), ZkJson.LeaderData.class, leaderPath).token()))) {
                call.delete(leaderPath, node.stat().getVersion());
                log.info("Undid an acquire whose outcome was unknown (epoch {})", node.stat().getCzxid());
            }
        } catch (StoreException | KeeperException e) {
            log.warn("Could not undo an acquire whose outcome is unknown; a node it created dies with our session",
                    e);
        }
    }

    @Override
    public Optional<Lease> renew(Lease lease) throws StoreException {
        ZkCall call = session.call("renew lease");
        long sentAt = options.clock().nanoTime();
        Stat stat;
        try {
            // A plain read is answered by whichever server we are connected to, from its own copy: a server cut
            // off from its quorum would keep confirming a node whose session the ensemble already expired. The
            // sync makes the answer reflect the ensemble leader's state as of after our send time.
            call.sync(leaderPath);
            stat = call.exists(leaderPath, null);
        } catch (KeeperException e) {
            throw new StoreException("renew lease: unexpected answer " + e.code(), e);
        }
        if (stat == null || stat.getCzxid() != lease.epoch() || stat.getEphemeralOwner() != call.sessionId()) {
            knownTokens.remove(lease.token());
            return Optional.empty();
        }
        return Optional.of(lease.renewedAt(sentAt));
    }

    @Override
    public void release(Lease lease, String reason) {
        knownTokens.remove(lease.token());
        try {
            ZkCall call = session.call("release lease");
            Stat stat = call.exists(leaderPath, null);
            if (stat != null && stat.getCzxid() == lease.epoch() && stat.getEphemeralOwner() == call.sessionId()) {
                call.delete(leaderPath, stat.getVersion()); // fires the followers' watches (NodeDeleted)
                log.info("Released leadership of epoch {}: {}", lease.epoch(), reason);
            }
        } catch (StoreException | KeeperException e) {
            log.warn("Could not release the lease of epoch {} ({}); it ends with our session", lease.epoch(), reason,
                    e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>{@code remainingMs} is the leader's session timeout: a ZooKeeper node has no TTL of its own, it lives as
     * long as its owner's session, which ends at most one session timeout after the owner was last heard from.
     */
    @Override
    public Optional<LeaderRecord> currentLeader() throws StoreException {
        ZkCall call = session.call("read leader");
        try {
            ZkCall.Node node = call.getData(leaderPath);
            if (node == null) {
                return Optional.empty();
            }
            ZkJson.LeaderData data = ZkJson.read(node.data(), ZkJson.LeaderData.class, leaderPath);
            long remaining = data.sessionTimeoutMs() > 0 ? data.sessionTimeoutMs()
                    : options.election().ttl().toMillis();
            return Optional.of(new LeaderRecord(data.node(), node.stat().getCzxid(), remaining));
        } catch (KeeperException e) {
            throw new StoreException("read leader: unexpected answer " + e.code(), e);
        }
    }

    /**
     * Sets a watch on the leader node and waits for it to fire; returns at once if there is no leader node. While
     * the store is unreachable it waits for a connection change (or {@code maxWait}) instead of spinning.
     */
    @Override
    public void awaitVacancy(Duration maxWait) throws InterruptedException {
        long seen = vacancy.generation();
        if (closed.get()) {
            return;
        }
        try {
            if (session.call("watch leader").exists(leaderPath, leaderWatcher) == null) {
                return;
            }
        } catch (StoreException | KeeperException e) {
            log.debug("Could not watch the leader node; waiting for a connection change", e);
        }
        vacancy.awaitChange(seen, maxWait);
    }

    private void onLeaderNodeEvent(WatchedEvent event) {
        // NodeDeleted is the vacancy; a session event (disconnect, expiry) means the watch can no longer be trusted.
        if (event.getType() != Watcher.Event.EventType.None
                || event.getState() != Watcher.Event.KeeperState.SyncConnected) {
            vacancy.signal();
        }
    }

    @Override
    public void wakeUp() {
        vacancy.signal();
    }

    @Override
    public boolean isConnected() {
        return session.isConnected();
    }

    @Override
    public void setListener(Listener listener) {
        this.listener = listener;
    }

    private void onConnectionStateChanged(CuratorFramework client, ConnectionState state) {
        vacancy.signal();
        if (state == ConnectionState.CONNECTED || state == ConnectionState.RECONNECTED) {
            logSessionTimeoutProblem(client);
        }
        Listener l = listener;
        if (l == null || closed.get()) {
            return;
        }
        try {
            switch (state) {
                case SUSPENDED -> l.connectionInterrupted("ZooKeeper connection suspended: the session may be "
                        + "alive but cannot be proven; stop fenced work");
                case LOST -> l.leaseLost("ZooKeeper session lost: the leader node died with it");
                case RECONNECTED -> l.reconnected();
                case CONNECTED -> { } // the first connection: nothing was interrupted
                case READ_ONLY -> l.connectionInterrupted("ZooKeeper connection is read-only");
            }
        } catch (RuntimeException e) {
            log.error("Election listener failed on connection state {}", state, e);
        }
    }

    private void logSessionTimeoutProblem(CuratorFramework client) {
        try {
            int negotiated = client.getZookeeperClient().getZooKeeper().getSessionTimeout();
            SessionTimeoutCheck.problem(options.election().ttl(), negotiated).ifPresent(log::error);
        } catch (Exception e) {
            log.debug("Could not read the negotiated session timeout", e);
        }
    }

    /** Stops reporting and wakes waiters; the connection belongs to the {@link ZooKeeperBackend}. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            session.curator().getConnectionStateListenable().removeListener(stateListener);
            vacancy.signal();
        }
    }
}
