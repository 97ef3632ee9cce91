package io.hacoord.coordinator.cli;

import io.hacoord.coordinator.config.CoordinatorConfig;
import io.hacoord.coordinator.fence.Fence;
import io.hacoord.coordinator.duty.LeaderDuty;
import io.hacoord.coordinator.election.ElectionSettings;
import io.hacoord.coordinator.fence.FenceCanary;
import io.hacoord.coordinator.fence.FenceKeeper;
import io.hacoord.coordinator.ha.HaObserver;
import io.hacoord.coordinator.node.EventLog;
import io.hacoord.coordinator.node.NodeExtras;
import io.hacoord.coordinator.node.CoordinatorNode;
import io.hacoord.coordinator.node.NodeOptions;
import io.hacoord.coordinator.store.Backend;
import io.hacoord.coordinator.store.BackendOptions;
import io.hacoord.coordinator.store.redis.RedisBackend;
import io.hacoord.coordinator.store.zookeeper.ZooKeeperBackend;
import io.hacoord.coordinator.time.NanoClock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
        List<AutoCloseable> resources = new ArrayList<>();
        List<HaObserver> observers = new ArrayList<>();
        List<LeaderDuty> duties = new ArrayList<>();
        EventLog events = null;
        if (cfg.node().eventLog() != null) {
            events = new EventLog(Path.of(cfg.node().eventLog()), cfg.node().id(), NanoClock.SYSTEM,
                    Clock.systemUTC());
            observers.add(events);
            resources.add(events);
        }
        if (cfg.fence() != null) {
            Fence fence = Fence.fromConfig(cfg.fence());
            resources.addFirst(fence);
            ElectionSettings s = cfg.election().settings();
            duties.add(new FenceKeeper(fence, s.renewInterval(), s.commandTimeout()));
            if (cfg.fence().canaryInterval() != null) {
                EventLog log = events;
                duties.add(new FenceCanary(fence, cfg.fence().canaryInterval(), (epoch, seq, outcome) -> {
                    if (log != null) {
                        log.fencedWrite(epoch, seq, outcome);
                    }
                }));
            }
        }
        Backend backend = openBackend(cfg);
        try {
            return new CoordinatorNode(options, backend, new NodeExtras(duties, observers, resources),
                    NanoClock.SYSTEM, Clock.systemUTC());
        } catch (IOException | RuntimeException e) {
            backend.close();
            throw e;
        }
    }
}
