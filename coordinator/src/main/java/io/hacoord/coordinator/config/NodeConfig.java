package io.hacoord.coordinator.config;

import java.util.Objects;

/**
 * This node's identity and HTTP endpoint.
 *
 * @param advertiseUrl the base URL other nodes and operators use to reach this node's API
 * @param eventLog     file to append this node's role and lease events to as JSON lines; null for none
 */
public record NodeConfig(String id, String listenHost, int listenPort, String advertiseUrl, String eventLog) {

    public NodeConfig(String id, String listenHost, int listenPort, String advertiseUrl) {
        this(id, listenHost, listenPort, advertiseUrl, null);
    }

    public NodeConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(listenHost, "listenHost");
        Objects.requireNonNull(advertiseUrl, "advertiseUrl");
        if (listenPort < 1 || listenPort > 65535) {
            throw new IllegalArgumentException("listenPort out of range: " + listenPort);
        }
    }
}
