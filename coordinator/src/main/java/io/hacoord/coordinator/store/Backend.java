package io.hacoord.coordinator.store;

import io.hacoord.coordinator.election.LeaderElection;

/**
 * One open connection to a coordination store, serving both the election and the shared cluster state.
 * Implementations: {@code RedisBackend}, {@code ZooKeeperBackend}.
 */
public interface Backend extends AutoCloseable {

    /** "redis" or "zookeeper". */
    String name();

    LeaderElection election();

    ClusterStore store();

    /** True while the client believes it is connected to the store ({@code /ready}). */
    boolean isConnected();

    /** Closes the election, the store and the connection. Idempotent. */
    @Override
    void close();
}
