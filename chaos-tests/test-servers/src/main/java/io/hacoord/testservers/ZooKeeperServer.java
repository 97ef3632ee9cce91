package io.hacoord.testservers;

/**
 * A single in-process ZooKeeper server (Curator {@code TestingServer}) started by
 * {@link TestServers#zookeeper()}. Tick time is {@value TestServers#ZK_TICK_TIME_MS} ms, so session
 * timeouts from {@value TestServers#ZK_MIN_SESSION_TIMEOUT_MS} ms up to
 * {@value TestServers#ZK_MAX_SESSION_TIMEOUT_MS} ms are accepted as asked.
 */
public interface ZooKeeperServer extends AutoCloseable {

    /** {@code 127.0.0.1:<port>}. */
    String connectString();

    /** Stops the server; its port and data are kept for {@link #restart()}. */
    void stop();

    /** Starts the server again on the same port (stopping it first when it runs). */
    void restart();

    /** Stops the server and deletes its data. Idempotent. */
    @Override
    void close();
}
