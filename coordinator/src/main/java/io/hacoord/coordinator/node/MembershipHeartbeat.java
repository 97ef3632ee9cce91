package io.hacoord.coordinator.node;

import io.hacoord.coordinator.store.ClusterStore;
import io.hacoord.coordinator.store.MemberRecord;
import io.hacoord.coordinator.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes this node's heartbeat (id, API URL, role, version, start time) every interval on every node, leader or
 * not, and at once when the role changes. A failed publish is logged and counted; the next one comes anyway.
 */
final class MembershipHeartbeat implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MembershipHeartbeat.class);

    private final ClusterStore store;
    private final String nodeId;
    private final String api;
    private final String version;
    private final Instant startedAt;
    private final Supplier<String> role;
    private final InstantSource wall;
    private final Duration interval;
    private final AtomicLong failures = new AtomicLong();
    private final ScheduledExecutorService scheduler;

    MembershipHeartbeat(ClusterStore store, String nodeId, String api, String version, Instant startedAt,
                        Supplier<String> role, InstantSource wall, Duration interval) {
        this.store = store;
        this.nodeId = nodeId;
        this.api = api;
        this.version = version;
        this.startedAt = startedAt;
        this.role = role;
        this.wall = wall;
        this.interval = interval;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "membership-" + nodeId);
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        scheduler.scheduleWithFixedDelay(this::publish, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Publishes now, off the caller's thread (e.g. right after a role change). */
    void publishSoon() {
        if (!scheduler.isShutdown()) {
            try {
                scheduler.execute(this::publish);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                log.debug("heartbeat not published: shutting down");
            }
        }
    }

    long failures() {
        return failures.get();
    }

    private void publish() {
        try {
            store.publishMember(new MemberRecord(nodeId, api, role.get(), version, startedAt, wall.instant()));
        } catch (StoreException | RuntimeException e) {
            failures.incrementAndGet();
            log.debug("heartbeat of {} not published: {}", nodeId, e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
