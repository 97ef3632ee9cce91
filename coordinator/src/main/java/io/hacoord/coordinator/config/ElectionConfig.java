package io.hacoord.coordinator.config;

import io.hacoord.coordinator.election.ElectionSettings;
import java.util.Objects;

/**
 * Where and how the election runs.
 *
 * @param redis     the Redis URI ({@code redis://} or {@code rediss://}); {@code null} unless configured
 * @param zookeeper the ZooKeeper connect string; {@code null} unless configured
 */
public record ElectionConfig(BackendKind backend, String redis, String zookeeper, ElectionSettings settings) {

    public ElectionConfig {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(settings, "settings");
        if (backend == BackendKind.REDIS && redis == null) {
            throw new IllegalArgumentException("redis backend without a redis URI");
        }
        if (backend == BackendKind.ZOOKEEPER && zookeeper == null) {
            throw new IllegalArgumentException("zookeeper backend without a connect string");
        }
    }

    /** The address of the chosen backend: the Redis URI or the ZooKeeper connect string. */
    public String address() {
        return switch (backend) {
            case REDIS -> redis;
            case ZOOKEEPER -> zookeeper;
        };
    }

    /** Redacts a password in the Redis URI ({@code redis://:secret@host}). */
    @Override
    public String toString() {
        return "ElectionConfig[backend=" + backend + ", redis=" + Redaction.uri(redis) + ", zookeeper=" + zookeeper
                + ", settings=" + settings + "]";
    }
}
