package io.hacoord.coordinator.store;

import java.util.Objects;

/**
 * The leader as the store sees it right now.
 *
 * @param node        id of the node holding the leader key
 * @param epoch       its term's fencing epoch
 * @param remainingMs how long the store will keep the key without a renewal (Redis {@code PTTL}); for ZooKeeper,
 *                    whose key lives as long as the owner's session, the session timeout
 */
public record LeaderRecord(String node, long epoch, long remainingMs) {

    public LeaderRecord {
        Objects.requireNonNull(node, "node");
    }
}
