package io.hacoord.testservers;

import java.io.IOException;
import java.time.Duration;
import org.netcrusher.core.throttle.Throttler;
import org.netcrusher.core.throttle.ThrottlerFactory;
import java.io.UncheckedIOException;
import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process TCP proxy (netcrusher) in front of one server, for cutting the link between a client
 * and that server without touching either process.
 *
 * <p>{@link #cut()} freezes the proxy: bytes stop flowing both ways on existing connections (they are
 * held, not dropped, like packets in a network partition) and new connections are not accepted (a
 * connect may succeed at the TCP level through the listen backlog, but nothing answers).
 * {@link #restore()} lets traffic flow again. Use {@link #host()}/{@link #port()} instead of the
 * server's own address.
 */
public final class TcpProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TcpProxy.class);
    private static final String HOST = "127.0.0.1";

    private final NioReactor reactor;
    private final TcpCrusher crusher;
    private final int port;
    private final Latency latency;
    private boolean closed;

    private TcpProxy(NioReactor reactor, TcpCrusher crusher, int port, Latency latency) {
        this.reactor = reactor;
        this.crusher = crusher;
        this.port = port;
        this.latency = latency;
    }

    /** The delay added to every chunk in each direction; changed at run time by {@link #setLatency}. */
    private static final class Latency {
        private volatile long nanos;

        ThrottlerFactory factory() {
            return address -> buffer -> nanos == 0 ? Throttler.NO_DELAY_NS : nanos;
        }
    }

    /** A proxy listening on {@code 127.0.0.1:<free port>} that forwards to {@code host:port}. */
    public static TcpProxy to(String host, int port) {
        NioReactor reactor;
        try {
            reactor = new NioReactor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the proxy's reactor", e);
        }
        try {
            Latency latency = new Latency();
            TcpProxy proxy = FreePorts.withFreePort(listenPort -> {
                try {
                    TcpCrusher crusher = TcpCrusherBuilder.builder().withReactor(reactor)
                            .withBindAddress(HOST, listenPort).withConnectAddress(host, port)
                            .withIncomingThrottlerFactory(latency.factory())
                            .withOutgoingThrottlerFactory(latency.factory())
                            .buildAndOpen();
                    return new TcpProxy(reactor, crusher, listenPort, latency);
                } catch (RuntimeException e) {
                    if (FreePorts.isBindFailure(e)) {
                        throw new FreePorts.PortTakenException(listenPort, e);
                    }
                    throw e;
                }
            });
            LOG.info("TCP proxy {}:{} -> {}:{}", HOST, proxy.port, host, port);
            return OpenServers.register(proxy);
        } catch (RuntimeException e) {
            reactor.close();
            throw e;
        }
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    /** Partitions the link: no bytes flow either way, new connections get nowhere. */
    public synchronized void cut() {
        requireOpen();
        if (!crusher.isFrozen()) {
            crusher.freeze();
        }
    }

    /**
     * Adds {@code delay} to every chunk of bytes in each direction (so a request/response round trip gets about
     * twice that), from now on; {@link Duration#ZERO} removes it. A slow network or an overloaded store.
     */
    public void setLatency(Duration delay) {
        latency.nanos = delay.toNanos();
    }

    /** Heals the link: held bytes flow on, new connections are accepted. */
    public synchronized void restore() {
        requireOpen();
        if (crusher.isFrozen()) {
            crusher.unfreeze();
        }
    }

    /** Closes every proxied connection and stops listening. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        crusher.close();
        reactor.close();
        OpenServers.unregister(this);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("TCP proxy on port " + port + " is closed");
        }
    }

    @Override
    public String toString() {
        return "TcpProxy[" + HOST + ":" + port + " -> " + crusher.getConnectAddress() + "]";
    }
}
