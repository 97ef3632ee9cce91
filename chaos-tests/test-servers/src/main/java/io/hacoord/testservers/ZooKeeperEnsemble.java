package io.hacoord.testservers;

import java.util.List;

/**
 * An in-process ZooKeeper ensemble (Curator {@code TestingCluster}) started by
 * {@link TestServers#zookeeperEnsemble(int)}, with the same tick time and session limits as
 * {@link ZooKeeperServer}.
 */
public interface ZooKeeperEnsemble extends AutoCloseable {

    /** All members, comma separated: {@code 127.0.0.1:<p1>,127.0.0.1:<p2>,...}. */
    String connectString();

    /** Each member's client address {@code 127.0.0.1:<port>}, in member order (index 0 first). */
    List<String> members();

    /** Kills member {@code index} (0-based); the others keep running and keep or re-elect a quorum. */
    void killMember(int index);

    /** Restarts member {@code index} on its old ports with its old data. */
    void restartMember(int index);

    /** Stops every member and deletes all data. Idempotent. */
    @Override
    void close();
}
