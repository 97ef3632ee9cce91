package io.hacoord.coordinator.store.zookeeper;

import io.hacoord.coordinator.election.LeaderElection;
import io.hacoord.coordinator.store.Backend;
import io.hacoord.coordinator.store.BackendOptions;
import io.hacoord.coordinator.store.ClusterStore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The ZooKeeper backend: one Curator client (one session) shared by the {@link ZooKeeperLeaderElection} and the
 * {@link ZooKeeperClusterStore}. All nodes live under the absolute path {@code /hacoord/<cluster>/} (no Curator
 * namespace), so several clusters can share one ensemble.
 *
 * <p>The session timeout requested is the election TTL: the leader node and the member node are ephemeral and die
 * with the session, which is what makes a dead leader replaceable within the TTL. See
 * {@link ZooKeeperLeaderElection} for why the lease deadline is safe and {@link SessionTimeoutCheck} for the
 * negotiated-timeout check.
 *
 * <p>The constructor waits up to the TTL for the first connection but does not fail if the store is unreachable:
 * calls fail fast until Curator connects. {@link #close()} closes the session, which deletes this node's ephemeral
 * nodes at once. Idempotent.
 */
public final class ZooKeeperBackend implements Backend {

    private static final String ROOT = "/hacoord";

    private final ZkSession session;
    private final ZooKeeperLeaderElection election;
    private final ZooKeeperClusterStore store;
    private final AtomicBoolean closed = new AtomicBoolean();

    public ZooKeeperBackend(String connectString, BackendOptions options) {
        requireValidName("cluster", options.cluster());
        requireValidName("node id", options.nodeId());
        String clusterPath = ROOT + "/" + options.cluster();
        this.session = new ZkSession(connectString, options.election());
        this.election = new ZooKeeperLeaderElection(session, options, clusterPath);
        this.store = new ZooKeeperClusterStore(session, options, clusterPath);
        session.start(options.election().ttl());
    }

    @Override
    public String name() {
        return "zookeeper";
    }

    @Override
    public LeaderElection election() {
        return election;
    }

    @Override
    public ClusterStore store() {
        return store;
    }

    @Override
    public boolean isConnected() {
        return session.isConnected();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            election.close();
            store.close();
            session.close();
        }
    }

    /** Cluster names and node ids become path segments: they must be one non-empty segment. */
    static void requireValidName(String what, String name) {
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException(what + " '" + name + "' cannot be a ZooKeeper path segment");
        }
    }
}
