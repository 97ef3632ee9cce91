package io.hacoord.testservers;

/**
 * A real PostgreSQL server started by {@link TestServers#postgres()}: a primary, or a streaming
 * replica made by {@link #startReplica(String)}.
 *
 * <p>{@link #user()} is a superuser that may log in over TCP from {@code 127.0.0.1}; the local
 * provider uses {@code trust} authentication there, so the password is accepted but not checked.
 */
public interface PostgresServer extends AutoCloseable {

    String host();

    int port();

    /** {@code jdbc:postgresql://<host>:<port>/postgres}. */
    String jdbcUrl();

    /** {@code jdbc:postgresql://<host>:<port>/<database>}. */
    String jdbcUrl(String database);

    String user();

    String password();

    /**
     * Makes a streaming replica of this server ({@code pg_basebackup -R}) whose
     * {@code primary_conninfo} carries {@code application_name=applicationName}, starts it on a new
     * free port and returns once it is in recovery and streaming from this server. Closing this
     * server closes the replicas it started first.
     */
    PostgresServer startReplica(String applicationName);

    /** Fast shutdown ({@code pg_ctl stop -m fast}); the port is kept for {@link #start()}. No-op when stopped. */
    void stop();

    /** Starts the server again on the same port and waits until it accepts connections. No-op when running. */
    void start();

    /** Stops the server (and the replicas it started) and deletes its files. Idempotent. */
    @Override
    void close();
}
