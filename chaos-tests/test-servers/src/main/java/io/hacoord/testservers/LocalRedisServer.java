package io.hacoord.testservers;

import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@code redis-server} child process of this JVM, without persistence, in its own directory. */
final class LocalRedisServer implements RedisServer {

    private static final Logger LOG = LoggerFactory.getLogger(LocalRedisServer.class);
    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private enum State { RUNNING, STOPPED, CLOSED }

    private final Path binary;
    private final ServerDirectory dir;
    private final int port;
    private final List<String> extraArgs;
    private final List<RedisServer> replicas = new ArrayList<>();
    private State state = State.STOPPED;
    private Process process;
    private Socket reservation;

    private LocalRedisServer(Path binary, ServerDirectory dir, int port, List<String> extraArgs) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** Starts a new server on a free port, retrying with another port when it loses a bind race. */
    static RedisServer launch(Path binary) {
        return launch(binary, "redis", List.of());
    }

    private static LocalRedisServer launch(Path binary, String kind, List<String> extraArgs) {
        ServerDirectory dir = ServerDirectory.create(kind);
        try {
            LocalRedisServer server = FreePorts.withFreePort(port -> {
                LocalRedisServer candidate = new LocalRedisServer(binary, dir, port, extraArgs);
                candidate.start();
                return candidate;
            });
            LOG.info("Started redis-server on {}:{} in {}", HOST, server.port, dir.path());
            return OpenServers.register(server);
        } catch (RuntimeException e) {
            dir.delete();
            throw e;
        }
    }

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String uri() {
        return "redis://" + HOST + ":" + port;
    }

    @Override
    public synchronized RedisServer startReplica() {
        requireOpen();
        if (state != State.RUNNING) {
            throw new IllegalStateException("cannot start a replica of stopped redis-server on port " + port);
        }
        LocalRedisServer replica = launch(binary, "redis-replica",
                List.of("--replicaof", HOST, Integer.toString(port)));
        try {
            Processes.awaitReady("redis replica on port " + replica.port + " linked to port " + port, START_TIMEOUT,
                    () -> RedisPing.masterLinkUp(HOST, replica.port), () -> true, replica.dir.resolve("redis.log"));
        } catch (RuntimeException e) {
            replica.close();
            throw e;
        }
        replicas.add(replica);
        return replica;
    }

    @Override
    public synchronized void start() {
        requireOpen();
        if (state == State.RUNNING) {
            return;
        }
        FreePorts.release(reservation);
        reservation = null;
        Path log = dir.resolve("redis.log");
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--port", Integer.toString(port), "--bind", HOST,
                "--save", "", "--appendonly", "no", "--dir", dir.path().toString(),
                "--daemonize", "no", "--protected-mode", "no",
                // Replicas sync at once instead of after the default 5 s wait for more replicas.
                "--repl-diskless-sync-delay", "0"));
        command.addAll(extraArgs);
        process = Processes.launch(command, log);
        dir.recordServerProcess(process.pid());
        Process started = process;
        try {
            Processes.awaitReady("redis-server on port " + port, START_TIMEOUT,
                    () -> RedisPing.pong(HOST, port), started::isAlive, log);
        } catch (IllegalStateException e) {
            terminate();
            if (Processes.tail(log).contains("Address already in use")) {
                throw new FreePorts.PortTakenException(port, e);
            }
            throw e;
        }
        state = State.RUNNING;
    }

    @Override
    public synchronized void stop() {
        if (state != State.RUNNING) {
            return;
        }
        terminate();
        reservation = FreePorts.reserve(port);
        state = State.STOPPED;
    }

    @Override
    public void close() {
        List<RedisServer> mine;
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            mine = List.copyOf(replicas);
            replicas.clear();
        }
        mine.forEach(RedisServer::close);
        closeSelf();
    }

    private synchronized void closeSelf() {
        if (state == State.CLOSED) {
            return;
        }
        terminate();
        FreePorts.release(reservation);
        reservation = null;
        state = State.CLOSED;
        OpenServers.unregister(this);
        dir.delete();
    }

    /** SIGTERM (redis shuts down without saving, as {@code --save ""} asks), then SIGKILL if it hangs. */
    private void terminate() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    private void requireOpen() {
        if (state == State.CLOSED) {
            throw new IllegalStateException("redis-server on port " + port + " is closed");
        }
    }

    @Override
    public String toString() {
        return "LocalRedisServer[" + uri() + ", " + dir.path() + "]";
    }
}
