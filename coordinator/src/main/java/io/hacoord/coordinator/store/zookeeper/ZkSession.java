package io.hacoord.coordinator.store.zookeeper;

import io.hacoord.coordinator.election.ElectionSettings;
import io.hacoord.coordinator.store.StoreException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.ZooKeeper;

/**
 * The one Curator client of a {@link ZooKeeperBackend}: it owns the ZooKeeper session, re-creates it after expiry,
 * reports connection states, and hands out {@link ZkCall}s that fail fast while the link is down.
 *
 * <p>Settings: the session timeout is the election TTL (the server may negotiate another value, see
 * {@link SessionTimeoutCheck}); the connection timeout is the TTL; Curator's retry policy is a single retry after a
 * short sleep, bounded by the command timeout. It only matters for Curator's own internal requests: our requests
 * go through {@link ZkCall}, which never retries. The ensemble tracker is off so that the client keeps talking to
 * the address it was given (a proxy in tests, a service name in Kubernetes).
 */
final class ZkSession implements AutoCloseable {

    private final CuratorFramework client;
    private final Duration commandTimeout;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile ConnectionState lastState;

    ZkSession(String connectString, ElectionSettings settings) {
        this.commandTimeout = settings.commandTimeout();
        int ttlMs = Math.toIntExact(settings.ttl().toMillis());
        int retrySleepMs = Math.max(1, Math.toIntExact(commandTimeout.toMillis() / 4));
        this.client = CuratorFrameworkFactory.builder()
                .connectString(connectString)
                .sessionTimeoutMs(ttlMs)
                .connectionTimeoutMs(ttlMs)
                .retryPolicy(new RetryOneTime(retrySleepMs))
                .ensembleTracker(false)
                .build();
        client.getConnectionStateListenable().addListener((c, state) -> lastState = state);
    }

    /**
     * Starts the client and waits up to the connection timeout for the first connection, so that a freshly opened
     * backend is usable at once. A store still unreachable after that is not an error here: calls fail fast until
     * Curator connects.
     */
    void start(Duration connectWait) {
        client.start();
        try {
            client.blockUntilConnected(Math.toIntExact(connectWait.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    CuratorFramework curator() {
        return client;
    }

    /**
     * True while the ZooKeeper handle is connected and Curator has not reported the connection suspended or lost.
     * The handle's own flag drops the moment the socket breaks, before Curator's SUSPENDED event is delivered.
     */
    boolean isConnected() {
        ConnectionState s = lastState;
        return !closed.get() && client.getZookeeperClient().isConnected()
                && s != ConnectionState.SUSPENDED && s != ConnectionState.LOST;
    }

    /** Begins one store call with a fresh command-timeout budget; throws at once if the link is down. */
    ZkCall call(String what) throws StoreException {
        if (!isConnected()) {
            throw new StoreException(what + ": not connected to ZooKeeper (state " + lastState + ")");
        }
        ZooKeeper zk;
        try {
            zk = client.getZookeeperClient().getZooKeeper();
        } catch (Exception e) {
            throw new StoreException(what + ": no ZooKeeper handle: " + e.getMessage(), e);
        }
        return new ZkCall(zk, what, commandTimeout.toNanos());
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            client.close();
        }
    }
}
