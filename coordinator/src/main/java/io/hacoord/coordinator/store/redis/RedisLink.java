package io.hacoord.coordinator.store.redis;

import io.hacoord.coordinator.store.StoreException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lettuce client behind one {@link RedisBackend}: a command connection (sync API, shared by the election and the
 * cluster store) and a pub/sub connection subscribed to the cluster's events channel.
 *
 * <h2>Failing fast</h2>
 * Commands time out after the election's command timeout ({@link TimeoutOptions}, and the URI timeout the sync API
 * waits for), and are rejected at once while the connection is down ({@code REJECT_COMMANDS}) instead of being
 * buffered and replayed after a reconnect: a renewal replayed seconds later would extend a lease its owner has
 * already given up on. Auto-reconnect stays on, with a reconnect delay capped at {@link #MAX_RECONNECT_DELAY} so
 * that a node is usable again soon after the store comes back.
 *
 * <h2>Starting while Redis is down</h2>
 * The constructor never fails because Redis is unreachable: it tries once, and if that fails it retries in the
 * background every {@link #CONNECT_RETRY}. Until a connection exists {@link #isConnected()} is false and every
 * {@link #call} throws {@link StoreException}, exactly as while an established connection is down. A node can
 * therefore start before its store (e.g. pods starting together) and report itself not ready.
 *
 * <h2>Connectivity callbacks</h2>
 * Lettuce reports connect/disconnect of the command connection on a Netty thread; they are handed to a single
 * "events" thread so that the observer may block or call Redis without stalling the I/O thread, and so that
 * they arrive in order.
 *
 * <p>Only host and port are ever logged: the URI may carry a password.
 */
final class RedisLink implements AutoCloseable {

    /** Upper bound of Lettuce's exponential reconnect delay. */
    static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

    /** Retry interval while the first connection has not been established. */
    static final Duration CONNECT_RETRY = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(RedisLink.class);

    /**
     * Told when the command connection goes down or comes up; called on the link's events thread, in order. "Down"
     * is either a disconnect Lettuce saw or a command that timed out (a partitioned link often shows no disconnect
     * for minutes); "up" is a reconnect or the next command that succeeds. Repeats are possible.
     */
    interface Observer {
        void connectionChanged(boolean up, String reason);
    }

    private final ClientResources resources;
    private final RedisClient client;
    private final String where;
    private final String channel;
    private final ScheduledExecutorService events;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile StatefulRedisPubSubConnection<String, String> pubSub;
    private volatile Observer observer = (up, reason) -> { };
    /** Set when a command timed out; cleared by the next success or a reconnect. */
    private final AtomicBoolean suspect = new AtomicBoolean();
    private volatile Consumer<String> onMessage = m -> { };
    private boolean warnedUnreachable;

    RedisLink(String redisUri, String channel, Duration commandTimeout, Duration connectTimeout, String threadName) {
        Objects.requireNonNull(redisUri, "redisUri");
        this.channel = Objects.requireNonNull(channel, "channel");
        RedisURI uri;
        try {
            uri = RedisURI.create(redisUri);
        } catch (RuntimeException e) { // its message quotes the URI whole, password included
            throw new IllegalArgumentException("not a valid Redis URI (percent-encode special characters in the"
                    + " password)");
        }
        uri.setTimeout(commandTimeout);
        this.where = uri.getHost() + ":" + uri.getPort();
        this.resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).build())
                .build());
        this.events = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name(threadName).factory());
        client.addListener(new StateForwarder());
        tryConnect();
    }

    /** Where the link points, safe to log (no credentials). */
    String where() {
        return where;
    }

    void setObserver(Observer observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /** Receives every message published on the events channel; called on a Netty thread, must not block. */
    void setMessageHandler(Consumer<String> onMessage) {
        this.onMessage = Objects.requireNonNull(onMessage, "onMessage");
    }

    /** Connected, and the last command did not time out. */
    boolean isConnected() {
        StatefulRedisConnection<String, String> c = connection;
        return c != null && c.isOpen() && !suspect.get() && !closed.get();
    }

    /**
     * Runs one command (or script) on the command connection.
     *
     * @throws StoreException if not connected, timed out, rejected or failed: the outcome is unknown
     */
    <T> T call(String what, Function<RedisCommands<String, String>, T> command) throws StoreException {
        StatefulRedisConnection<String, String> c = connection;
        if (c == null || closed.get()) {
            throw new StoreException("redis " + what + ": not connected to " + where);
        }
        try {
            T result = command.apply(c.sync());
            suspect.set(false);
            return result;
        } catch (RedisCommandTimeoutException e) {
            // Slow is not gone: a timeout makes the link "not ready" but is not reported as an interruption, so
            // one slow reply on a busy host does not end a term. The lease deadline covers a link that stays
            // silent (DESIGN rule 3); a real disconnect is reported by the state listener below.
            suspect.set(true);
            throw new StoreException("redis " + what + " at " + where + " timed out", e);
        } catch (RedisCommandInterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("redis " + what + " at " + where + " interrupted", e);
        } catch (RedisException e) {
            throw new StoreException("redis " + what + " at " + where + " failed: " + e.getMessage(), e);
        }
    }

    private void tryConnect() {
        if (closed.get() || connection != null) {
            return;
        }
        StatefulRedisConnection<String, String> c = null;
        StatefulRedisPubSubConnection<String, String> ps = null;
        try {
            c = client.connect();
            ps = client.connectPubSub();
            ps.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String ch, String message) {
                    onMessage.accept(message);
                }
            });
            ps.sync().subscribe(channel);
            pubSub = ps;
            connection = c;
            log.info("connected to redis at {}", where);
            warnIfKeysCanBeEvicted(c);
            if (closed.get()) {
                closeConnections();
            }
        } catch (RedisException e) {
            closeQuietly(ps);
            closeQuietly(c);
            if (!warnedUnreachable) {
                warnedUnreachable = true;
                log.warn("redis at {} unreachable, retrying every {} ms: {}", where, CONNECT_RETRY.toMillis(),
                        e.getMessage());
            }
            try {
                events.schedule(this::tryConnect, CONNECT_RETRY.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                // closed meanwhile: nothing to retry
            }
        }
    }

    /**
     * A Redis that evicts keys under memory pressure can drop the leader key or the epoch counter: another node
     * could then win while the leader still acts, or reuse an epoch. Say so loudly at connect. (Managed Redis often
     * disables CONFIG; then nothing can be checked and nothing is said.)
     */
    private void warnIfKeysCanBeEvicted(StatefulRedisConnection<String, String> c) {
        try {
            java.util.Map<String, String> cfg = c.sync().configGet("maxmemory", "maxmemory-policy");
            String policy = cfg.getOrDefault("maxmemory-policy", "noeviction");
            if (!"0".equals(cfg.getOrDefault("maxmemory", "0")) && !"noeviction".equals(policy)) {
                log.error("redis at {} has maxmemory-policy {}: under memory pressure it may evict the leader key "
                        + "or the epoch counter, which breaks fencing; set maxmemory-policy noeviction", where, policy);
            }
        } catch (RedisException e) {
            log.debug("cannot read redis eviction settings at {}: {}", where, e.getMessage());
        }
    }

    private void dispatch(boolean up, String reason) {
        try {
            events.execute(() -> observer.connectionChanged(up, reason));
        } catch (RejectedExecutionException closing) {
            // the link is closing; nobody needs to hear about it
        }
    }

    /** Shuts the client down without the usual 2 s quiet period. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        events.shutdownNow();
        closeConnections();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        resources.shutdown(0, 1000, TimeUnit.MILLISECONDS);
    }

    private void closeConnections() {
        closeQuietly(pubSub);
        closeQuietly(connection);
    }

    private static void closeQuietly(StatefulRedisConnection<?, ?> c) {
        if (c != null) {
            try {
                c.close();
            } catch (RuntimeException e) {
                log.debug("closing a redis connection failed: {}", e.toString());
            }
        }
    }

    /** Forwards connect/disconnect of the command connection (not the pub/sub one) to the observer. */
    private final class StateForwarder implements RedisConnectionStateListener {
        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
            if (handler == connection) {
                suspect.set(false);
                dispatch(true, "reconnected to redis at " + where);
            }
        }

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
            if (handler == connection && !closed.get()) {
                dispatch(false, "connection to redis at " + where + " lost");
            }
        }
    }
}
