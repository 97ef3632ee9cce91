package io.hacoord.coordinator.metrics;

import io.hacoord.coordinator.ha.HaObserver;
import io.hacoord.coordinator.ha.LeaderTerm;
import io.hacoord.coordinator.store.LeaderRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The node's Prometheus metrics. Names (all prefixed {@code hacoord_}):
 * <ul>
 *   <li>{@code hacoord_leader} 1 while this node's lease is valid, else 0 (computed at scrape time from the
 *       deadline, never from a flag)</li>
 *   <li>{@code hacoord_epoch} epoch of the leader this node knows of</li>
 *   <li>{@code hacoord_store_connected} 1 while the store client is connected</li>
 *   <li>{@code hacoord_elections_won_total}, {@code hacoord_stepdowns_total}, {@code hacoord_renew_failures_total}</li>
 *   <li>{@code hacoord_renew_latency_seconds} (timer) the round trip of each confirmed renewal</li>
 *   <li>{@code hacoord_takeover_seconds} (timer) for each term this node won after another leader: from the
 *       previous leader's last heartbeat to this node's acquisition</li>
 * </ul>
 */
public final class CoordinatorMetrics implements HaObserver {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter elections;
    private final Counter stepdowns;
    private final Counter renewFailures;
    private final Timer renewLatency;
    private final Timer takeover;

    public CoordinatorMetrics(String cluster, String node, BooleanSupplier isLeader, LongSupplier epoch,
                              BooleanSupplier connected) {
        registry.config().commonTags("cluster", cluster, "node", node);
        Gauge.builder("hacoord_leader", () -> isLeader.getAsBoolean() ? 1 : 0)
                .description("1 while this node's lease is valid").register(registry);
        Gauge.builder("hacoord_epoch", epoch::getAsLong)
                .description("epoch of the leader this node knows of").register(registry);
        Gauge.builder("hacoord_store_connected", () -> connected.getAsBoolean() ? 1 : 0)
                .description("1 while connected to the coordination store").register(registry);
        elections = Counter.builder("hacoord_elections_won").description("terms this node won").register(registry);
        stepdowns = Counter.builder("hacoord_stepdowns").description("terms this node ended").register(registry);
        renewFailures = Counter.builder("hacoord_renew_failures")
                .description("lease renewals whose outcome was unknown").register(registry);
        renewLatency = Timer.builder("hacoord_renew_latency").description("round trip of confirmed renewals")
                .publishPercentiles(0.5, 0.99).register(registry);
        takeover = Timer.builder("hacoord_takeover").description(
                "from the previous leader's last heartbeat to this node's acquisition").register(registry);
    }

    /** Records a takeover measured by the node (it knows the previous leader's last heartbeat). */
    public void takeover(Duration d) {
        takeover.record(d.isNegative() ? Duration.ZERO : d);
    }

    @Override
    public void elected(LeaderTerm term, Optional<LeaderRecord> previous) {
        elections.increment();
    }

    @Override
    public void renewed(LeaderTerm term, long latencyNanos) {
        renewLatency.record(latencyNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void renewFailed(String reason) {
        renewFailures.increment();
    }

    @Override
    public void steppedDown(LeaderTerm term, String reason) {
        stepdowns.increment();
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }
}
