package io.hacoord.testservers;

/**
 * A real Redis server started by {@link TestServers#redis()}.
 *
 * <p>{@link #stop()} shuts the server down but keeps its port, so {@link #start()} brings it back on
 * the same address (with an empty dataset: persistence is off). {@link #close()} stops it for good and
 * deletes its files; it is idempotent.
 */
public interface RedisServer extends AutoCloseable {

    /** The address to connect to, always {@code 127.0.0.1} for local servers. */
    String host();

    int port();

    /** {@code redis://<host>:<port>}. */
    String uri();

    /**
     * Starts a replica of this server ({@code redis-server --replicaof <host> <port>}) on a new free port,
     * without persistence, and returns once it reports {@code master_link_status:up}. Closing this server
     * closes the replicas it started first. {@code stop()}/{@code start()} on the replica keep it a replica
     * of this server (unless a client has since sent it {@code REPLICAOF}).
     *
     * @throws UnsupportedOperationException on a provider that cannot make replicas (Testcontainers)
     */
    RedisServer startReplica();

    /** Shuts the server down (no save) and keeps the port reserved for {@link #start()}. No-op when stopped. */
    void stop();

    /** Starts the server again on the same port and waits until it answers {@code PING}. No-op when running. */
    void start();

    /** Stops the server and deletes everything it wrote. Idempotent. */
    @Override
    void close();
}
