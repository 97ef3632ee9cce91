package io.hacoord.replication.redis;

import java.util.Objects;
import java.util.Set;

/**
 * One Redis server the library watches.
 *
 * @param name the server's name, used in samples, rankings and outcomes
 * @param host host name or address as the other servers reach it (it is what {@code REPLICAOF} is given)
 * @param port TCP port; also how a master's {@code slaveN} line is matched to this endpoint
 * @param password {@code AUTH} password, or null; never shown by {@link #toString()}
 * @param priority higher wins a failover among replicas at the same offset
 * @param tags operator tags, e.g. {@code nofailover}
 */
public record RedisEndpoint(String name, String host, int port, String password, int priority, Set<String> tags) {

    public RedisEndpoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
        tags = Set.copyOf(tags);
    }

    public static RedisEndpoint of(String name, String host, int port) {
        return new RedisEndpoint(name, host, port, null, 0, Set.of());
    }

    @Override
    public String toString() {
        return "RedisEndpoint[" + name + " " + host + ":" + port + (password == null ? "" : " password=***")
                + " priority=" + priority + " tags=" + tags + "]";
    }
}
