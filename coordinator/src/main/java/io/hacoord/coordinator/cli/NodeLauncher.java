package io.hacoord.coordinator.cli;

import io.hacoord.coordinator.config.CoordinatorConfig;
import io.hacoord.coordinator.fence.Fence;
import io.hacoord.coordinator.ha.TermGate;
import io.hacoord.coordinator.node.CoordinatorNode;
import io.hacoord.coordinator.node.NodeOptions;
import io.hacoord.coordinator.store.Backend;
import io.hacoord.coordinator.store.BackendOptions;
import io.hacoord.coordinator.store.redis.RedisBackend;
import io.hacoord.coordinator.store.zookeeper.ZooKeeperBackend;
import io.hacoord.coordinator.time.NanoClock;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds a {@link CoordinatorNode} from a validated configuration. */
public final class NodeLauncher {

    private static final Logger log = LoggerFactory.getLogger(NodeLauncher.class);

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
        TermGate gate = TermGate.OPEN;
        if (fence != null) {
            try {
                fence.ensureSchema();
            } catch (SQLException e) {
                log.warn("fence table not ensured yet ({}); each new term tries again", e.getMessage());
            }
            gate = (epoch, node) -> {
                fence.ensureSchema();
                return fence.advance(epoch, node) ? null
                        : "fence refused: PostgreSQL holds a newer epoch than " + epoch + " (fence " + fence.resource()
                        + "); this term is stale";
            };
        }
        Backend backend = openBackend(cfg);
        try {
            return new CoordinatorNode(options, backend, gate, fence, List.of(), NanoClock.SYSTEM, Clock.systemUTC());
        } catch (IOException | RuntimeException e) {
            backend.close();
            throw e;
        }
    }
}
