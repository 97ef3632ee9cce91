package io.hacoord.replication.redis;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What {@code INFO replication} on one Redis server said, or why it said nothing. */
public sealed interface RedisNodeStatus {

    RedisEndpoint endpoint();

    /** {@code role:master}: its {@code master_repl_offset} and its connected replicas. */
    record Master(RedisEndpoint endpoint, long offset, List<ConnectedReplica> replicas) implements RedisNodeStatus {
        public Master {
            replicas = List.copyOf(replicas);
        }

        public Optional<ConnectedReplica> replica(int port) {
            return replicas.stream().filter(r -> r.port() == port).findFirst();
        }
    }

    /**
     * {@code role:slave}: where it replicates from, whether the link is up, its processed offset
     * ({@code slave_repl_offset}) and the seconds since it last heard from its master (-1 if unknown).
     */
    record Replica(RedisEndpoint endpoint, String masterHost, int masterPort, boolean linkUp, boolean syncInProgress,
                   long offset, long lastIoSecondsAgo) implements RedisNodeStatus {}

    /** No answer within the probe timeout, or an error. */
    record Unreachable(RedisEndpoint endpoint, String reason) implements RedisNodeStatus {}

    /**
     * A {@code slaveN:ip=..,port=..,state=online,offset=..,lag=..} line of a master; {@code lag} is the
     * seconds since that replica's last acknowledgement, not a replication delay.
     */
    record ConnectedReplica(String ip, int port, String state, long offset, long secondsSinceAck) {}

    /** Parses an {@code INFO replication} answer. */
    static RedisNodeStatus parse(RedisEndpoint endpoint, String info) {
        Map<String, String> fields = new HashMap<>();
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        String role = fields.getOrDefault("role", "");
        return switch (role) {
            case "master" -> new Master(endpoint, number(fields, "master_repl_offset"), connectedReplicas(fields));
            case "slave" -> new Replica(endpoint, fields.get("master_host"), (int) number(fields, "master_port"),
                    "up".equals(fields.get("master_link_status")), "1".equals(fields.get("master_sync_in_progress")),
                    number(fields, "slave_repl_offset"), number(fields, "master_last_io_seconds_ago"));
            default -> new Unreachable(endpoint, "INFO replication gave no known role: '" + role + "'");
        };
    }

    private static List<ConnectedReplica> connectedReplicas(Map<String, String> fields) {
        int count = (int) number(fields, "connected_slaves");
        return java.util.stream.IntStream.range(0, Math.max(0, count))
                .mapToObj(i -> fields.get("slave" + i)).filter(java.util.Objects::nonNull)
                .map(RedisNodeStatus::connectedReplica).toList();
    }

    private static ConnectedReplica connectedReplica(String line) {
        Map<String, String> kv = new HashMap<>();
        for (String pair : line.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                kv.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return new ConnectedReplica(kv.get("ip"), (int) number(kv, "port"), kv.get("state"),
                number(kv, "offset"), number(kv, "lag"));
    }

    private static long number(Map<String, String> fields, String key) {
        String value = fields.get(key);
        try {
            return value == null ? -1 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
