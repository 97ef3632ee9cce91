package io.hacoord.coordinator.cli;

import io.hacoord.coordinator.config.CoordinatorConfig;
import io.hacoord.coordinator.fence.Fence;
import io.hacoord.coordinator.duty.LeaderDuty;
import io.hacoord.coordinator.fence.FenceKeeper;
import io.hacoord.coordinator.node.CoordinatorNode;
import io.hacoord.coordinator.node.NodeOptions;
import io.hacoord.coordinator.store.Backend;
import io.hacoord.coordinator.store.BackendOptions;
import io.hacoord.coordinator.store.redis.RedisBackend;
import io.hacoord.coordinator.store.zookeeper.ZooKeeperBackend;
import io.hacoord.coordinator.time.NanoClock;
import java.io.IOException;
import java.time.Clock;
import java.util.List;

/** Builds a {@link CoordinatorNode} from a validated configuration. */
public final class NodeLauncher {

    private NodeLauncher() {
    }

    public static Backend openBackend(CoordinatorConfig cfg) {
        BackendOptions options = new BackendOptions(cfg.cluster(), cfg.node().id(), cfg.election().settings(),
                cfg.membership().ttl(), NanoClock.SYSTEM, Clock.systemUTC());
        return switch (cfg.election().backend()) {
            case REDIS -> new RedisBackend(cfg.election().address(), options);
            case ZOOKEEPER -> new ZooKeeperBackend(cfg.election().address(), options);
        };
    }

    /** Opens the store (and the fence, if configured) and builds the node; the caller starts it. */
    public static CoordinatorNode build(CoordinatorConfig cfg) throws IOException {
        NodeOptions options = new NodeOptions(cfg.cluster(), cfg.node().id(), cfg.node().listenHost(),
                cfg.node().listenPort(), cfg.node().advertiseUrl(), cfg.election().settings(),
                cfg.membership().heartbeatInterval());
        Fence fence = cfg.fence() == null ? null : Fence.fromConfig(cfg.fence());
        List<LeaderDuty> duties = fence == null ? List.of() : List.of(new FenceKeeper(fence,
                cfg.election().settings().renewInterval(), cfg.election().settings().commandTimeout()));
        Backend backend = openBackend(cfg);
        try {
            return new CoordinatorNode(options, backend, fence, duties, NanoClock.SYSTEM, Clock.systemUTC());
        } catch (IOException | RuntimeException e) {
            backend.close();
            throw e;
        }
    }
}
