package io.hacoord.coordinator.node;

import io.hacoord.coordinator.api.HttpApi;
import io.hacoord.coordinator.api.HttpApi.Response;
import io.hacoord.coordinator.api.Query;
import io.hacoord.coordinator.duty.DutyRunner;
import io.hacoord.coordinator.duty.SnapshotPublisher;
import io.hacoord.coordinator.ha.HaLoop;
import io.hacoord.coordinator.ha.HaObserver;
import io.hacoord.coordinator.ha.LeaderTerm;
import io.hacoord.coordinator.metrics.CoordinatorMetrics;
import io.hacoord.coordinator.store.Backend;
import io.hacoord.coordinator.store.LeaderRecord;
import io.hacoord.coordinator.store.MemberRecord;
import io.hacoord.coordinator.store.StoreException;
import io.hacoord.coordinator.time.NanoClock;
import io.hacoord.coordinator.view.ClusterViews;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One coordinator node: the HA loop over a store backend, the membership heartbeat, the leader duties and the HTTP
 * API. Lifecycle {@code LATENT → STARTED → CLOSED}; {@link #close()} stops the duties, releases the lease and
 * closes the store connection, and is idempotent.
 */
public final class CoordinatorNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CoordinatorNode.class);

    public static final String VERSION = Optional.ofNullable(CoordinatorNode.class.getPackage()
            .getImplementationVersion()).orElse("0.1.0-dev");

    private enum Lifecycle { LATENT, STARTED, CLOSED }

    private final NodeOptions options;
    private final Backend backend;
    private final NodeExtras extras;
    private final InstantSource wall;
    private final DutyRunner duties;
    private final HaLoop loop;
    private final MembershipHeartbeat heartbeat;
    private final ClusterViews views;
    private final CoordinatorMetrics metrics;
    private final HttpApi api;
    private final AtomicReference<Lifecycle> lifecycle = new AtomicReference<>(Lifecycle.LATENT);

    /**
     * @param extras further duties, observers and resources closed with the node
     */
    public CoordinatorNode(NodeOptions options, Backend backend, NodeExtras extras, NanoClock clock,
                           InstantSource wall) throws IOException {
        this.options = options;
        this.backend = backend;
        this.extras = extras;
        this.wall = wall;
        this.duties = new DutyRunner(clock);
        this.metrics = new CoordinatorMetrics(options.cluster(), options.nodeId(),
                this::isLeaderNow, this::knownEpoch, backend::isConnected);
        this.loop = new HaLoop(options.nodeId(), backend.election(), backend.store(), duties,
                options.election(), clock, wall, new Observer());
        this.views = new ClusterViews(options.cluster(), options.nodeId(), backend.store(), backend.election(),
                loop::validTerm, this::roleName, options.election().ttl(), wall);
        duties.register(new SnapshotPublisher(backend.store(), views, wall, options.heartbeatInterval()));
        extras.duties().forEach(duties::register);
        this.api = new HttpApi(options.listenHost(), options.listenPort(), routes());
        String advertise = options.advertiseUrl() != null ? options.advertiseUrl()
                : "http://" + options.listenHost() + ":" + api.port();
        this.heartbeat = new MembershipHeartbeat(backend.store(), options.nodeId(), advertise, VERSION,
                wall.instant(), this::roleName, wall, options.heartbeatInterval());
        loop.roles().addListener((from, to) -> heartbeat.publishSoon());
    }

    public void start() {
        if (!lifecycle.compareAndSet(Lifecycle.LATENT, Lifecycle.STARTED)) {
            throw new IllegalStateException("node " + options.nodeId() + " cannot be started more than once");
        }
        api.start();
        heartbeat.start();
        loop.start();
        log.info("node {} of cluster {} started ({} store, API on port {})", options.nodeId(), options.cluster(),
                backend.name(), api.port());
    }

    public String nodeId() {
        return options.nodeId();
    }

    /** The bound HTTP port. */
    public int apiPort() {
        return api.port();
    }

    /** The valid term if this node may act as leader now. */
    public Optional<LeaderTerm> validTerm() {
        return loop.validTerm();
    }

    public HaLoop haLoop() {
        return loop;
    }

    public CoordinatorMetrics metrics() {
        return metrics;
    }

    private boolean isLeaderNow() {
        return loop.validTerm().isPresent();
    }

    private long knownEpoch() {
        return loop.validTerm().map(LeaderTerm::epoch)
                .orElse(loop.lastSeenLeader().map(LeaderRecord::epoch).orElse(0L));
    }

    private String roleName() {
        return loop.validTerm().isPresent() ? "leader" : loop.roles().current().name().equals("leader")
                ? "stepping-down" : loop.roles().current().name();
    }

    /** Metrics, plus the takeover time, which needs the store. */
    private final class Observer implements HaObserver {
        @Override
        public void elected(LeaderTerm term, Optional<LeaderRecord> previous) {
            metrics.elected(term, previous);
            extras.observers().forEach(o -> o.elected(term, previous));
            // Reads the store: off the HA loop's thread, which must get to its first renewal.
            Thread.ofVirtual().name("takeover-metric").start(() -> recordTakeover(previous));
        }

        @Override
        public void renewed(LeaderTerm term, long latencyNanos) {
            metrics.renewed(term, latencyNanos);
            extras.observers().forEach(o -> o.renewed(term, latencyNanos));
        }

        @Override
        public void renewFailed(String reason) {
            metrics.renewFailed(reason);
            extras.observers().forEach(o -> o.renewFailed(reason));
        }

        @Override
        public void steppedDown(LeaderTerm term, String reason) {
            metrics.steppedDown(term, reason);
            extras.observers().forEach(o -> o.steppedDown(term, reason));
        }
    }

    private void recordTakeover(Optional<LeaderRecord> previous) {
        if (previous.isEmpty()) {
            return;
        }
        try {
            backend.store().members().stream().filter(m -> m.node().equals(previous.get().node()))
                    .map(MemberRecord::heartbeatAt).findFirst()
                    .ifPresent(last -> metrics.takeover(Duration.between(last, wall.instant())));
        } catch (StoreException e) {
            log.debug("takeover time not measured: {}", e.getMessage());
        }
    }

    private Map<String, HttpApi.Route> routes() {
        Map<String, HttpApi.Route> r = new LinkedHashMap<>();
        r.put("/cluster", q -> Response.json(200, views.answer()));
        r.put("/leader", q -> leader());
        r.put("/health", q -> health());
        r.put("/ready", q -> ready());
        r.put("/history", q -> history(Query.intParam(q, "limit", 50, 1, 1000)));
        r.put("/metrics", q -> new Response(200, "text/plain; version=0.0.4", metrics.scrape()));
        return r;
    }

    private Response leader() {
        Optional<LeaderTerm> term = loop.validTerm();
        if (term.isPresent()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("node", term.get().node());
            body.put("epoch", term.get().epoch());
            body.put("since", term.get().startedAt());
            return Response.json(200, body);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "not leader");
        body.put("node", options.nodeId());
        body.put("role", loop.roles().current().name());
        body.put("reason", loop.roles().current().reason());
        loop.lastSeenLeader().filter(l -> !l.node().equals(options.nodeId()))
                .ifPresent(l -> body.put("leader", Map.of("node", l.node(), "epoch", l.epoch())));
        return Response.json(503, body);
    }

    private Response health() {
        Map<String, Object> body = new LinkedHashMap<>();
        boolean alive = loop.isAlive();
        body.put("status", alive ? "UP" : "DOWN");
        body.put("node", options.nodeId());
        body.put("role", roleName());
        if (!alive) {
            body.put("reason", "the HA loop thread is not running");
        }
        return Response.json(alive ? 200 : 503, body);
    }

    private Response ready() {
        boolean connected = backend.isConnected();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ready", connected);
        body.put("store", backend.name());
        if (!connected) {
            body.put("reason", "not connected to the " + backend.name() + " store");
        }
        return Response.json(connected ? 200 : 503, body);
    }

    private Response history(int limit) {
        try {
            return Response.json(200, Map.of("terms", backend.store().history(limit)));
        } catch (StoreException e) {
            return Response.error(503, "history unavailable: the store did not answer (" + e.getMessage() + ")");
        }
    }

    @Override
    public void close() {
        Lifecycle was = lifecycle.getAndSet(Lifecycle.CLOSED);
        if (was == Lifecycle.CLOSED) {
            return;
        }
        loop.close();
        heartbeat.close();
        api.close();
        backend.close();
        for (AutoCloseable r : extras.resources()) {
            try {
                r.close();
            } catch (Exception e) {
                log.warn("closing {} failed", r, e);
            }
        }
        log.info("node {} stopped at {}", options.nodeId(), Instant.now());
    }
}
