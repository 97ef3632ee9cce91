package io.hacoord.coordinator.store.redis;

import io.hacoord.coordinator.election.LeaderElection;
import io.hacoord.coordinator.store.Backend;
import io.hacoord.coordinator.store.BackendOptions;
import io.hacoord.coordinator.store.ClusterStore;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Redis backend: one Lettuce client ({@link RedisLink}) shared by a {@link RedisLeaderElection} and a
 * {@link RedisClusterStore}, all keys of one cluster under {@code hacoord:{<cluster>}:}.
 *
 * <p>Construction does not fail when Redis is unreachable: the backend starts disconnected ({@link #isConnected()}
 * false, every call throws {@code StoreException}) and connects in the background, so a node can start before its
 * store and report itself not ready meanwhile. A malformed URI fails at once ({@code IllegalArgumentException}).
 *
 * <p>{@link #isConnected()} is true while the command connection is open and its last command did not time out, so
 * a partitioned link reads as "not connected" after one timed-out call even before TCP notices.
 *
 * <p>Socket connects are bounded by the renew interval: a connect that takes longer is of no use to a leader.
 */
public final class RedisBackend implements Backend {

    private final RedisLink link;
    private final RedisLeaderElection election;
    private final RedisClusterStore store;
    private final AtomicBoolean closed = new AtomicBoolean();

    public RedisBackend(String redisUri, BackendOptions options) {
        RedisKeys keys = RedisKeys.forCluster(options.cluster());
        Duration commandTimeout = options.election().commandTimeout();
        this.link = new RedisLink(redisUri, keys.events(), commandTimeout, options.election().renewInterval(),
                "hacoord-redis-" + options.nodeId());
        this.election = new RedisLeaderElection(link, keys, options.nodeId(), options.election(), options.clock());
        this.store = new RedisClusterStore(link, keys, options.nodeId(), options.memberTtl());
    }

    @Override
    public String name() {
        return "redis";
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
        return link.isConnected();
    }

    /** Closes the election and the store, then the client (without Lettuce's 2 s quiet period). Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            election.close();
            store.close();
        } finally {
            link.close();
        }
    }
}
