package io.hacoord.coordinator.node;

import io.hacoord.coordinator.election.ElectionSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * What a node needs besides its store connection.
 *
 * @param cluster           cluster name
 * @param nodeId            this node's id
 * @param listenHost        HTTP API bind address
 * @param listenPort        HTTP API port (0 = any free port)
 * @param advertiseUrl      the API URL other nodes and operators use; null = {@code http://listenHost:port}
 * @param election          election timing
 * @param heartbeatInterval membership heartbeat and snapshot interval
 */
public record NodeOptions(String cluster, String nodeId, String listenHost, int listenPort, String advertiseUrl,
                          ElectionSettings election, Duration heartbeatInterval) {

    public NodeOptions {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(listenHost, "listenHost");
        Objects.requireNonNull(election, "election");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
    }
}
