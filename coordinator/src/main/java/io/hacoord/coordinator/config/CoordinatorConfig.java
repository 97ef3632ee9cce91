package io.hacoord.coordinator.config;

import java.util.Objects;

/**
 * The whole configuration of one coordinator node, as loaded and validated by {@link ConfigLoader}.
 *
 * @param fence {@code null} when the {@code fence} section is not configured
 */
public record CoordinatorConfig(String cluster, NodeConfig node, ElectionConfig election, MembershipConfig membership,
                                FenceConfig fence, ApiConfig api) {

    public CoordinatorConfig {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(election, "election");
        Objects.requireNonNull(membership, "membership");
        Objects.requireNonNull(api, "api");
    }
}
