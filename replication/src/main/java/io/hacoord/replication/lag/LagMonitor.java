package io.hacoord.replication.lag;

import io.hacoord.replication.Lag;
import io.hacoord.replication.LagSample;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples a {@link LagSource} at an interval, keeps the latest sample per replica, raises and clears a
 * "lag over threshold" condition per replica with its reason, tells listeners, and exposes gauges.
 *
 * <p>Lifecycle {@code LATENT → STARTED → CLOSED}: a second {@link #start} is an error, {@link #close} is
 * idempotent. {@link #sampleOnce()} takes a sample on the caller's thread (for callers that drive the
 * schedule themselves). A failing source or listener is logged and counted; the schedule goes on.
 *
 * <p>Gauges, tagged {@code replica}: {@code hacoord_replication_lag_bytes}, {@code hacoord_replication_lag_seconds}
 * (NaN while unknown), {@code hacoord_replication_replica_state} ({@link io.hacoord.replication.ReplicaState#code()}),
 * {@code hacoord_replication_lag_over_threshold} (0/1); counter {@code hacoord_replication_sample_failures_total}.
 */
public final class LagMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LagMonitor.class);

    private enum Lifecycle { LATENT, STARTED, CLOSED }

    private final LagSource source;
    private final LagThreshold threshold;
    private final InstantSource clock;
    private final MeterRegistry registry;
    private final AtomicReference<Lifecycle> lifecycle = new AtomicReference<>(Lifecycle.LATENT);
    private final Map<String, LagSample> latest = new ConcurrentHashMap<>();
    private final Map<String, LagAlert> alerts = new ConcurrentHashMap<>();
    private final List<LagListener> listeners = new CopyOnWriteArrayList<>();
    private final Counter failures;
    private final Object sampling = new Object();
    private ScheduledExecutorService scheduler;

    public LagMonitor(LagSource source, LagThreshold threshold, InstantSource clock, MeterRegistry registry) {
        this.source = source;
        this.threshold = threshold;
        this.clock = clock;
        this.registry = registry;
        this.failures = Counter.builder("hacoord_replication_sample_failures_total")
                .description("lag samples that failed").register(registry);
    }

    public void addListener(LagListener listener) {
        listeners.add(listener);
    }

    /** Samples every {@code interval}, the first at once. */
    public void start(Duration interval) {
        if (!lifecycle.compareAndSet(Lifecycle.LATENT, Lifecycle.STARTED)) {
            throw new IllegalStateException("lag monitor cannot start: it is " + lifecycle.get());
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("lag-monitor").daemon().factory());
        scheduler.scheduleWithFixedDelay(this::sampleSafely, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        if (lifecycle.getAndSet(Lifecycle.CLOSED) == Lifecycle.STARTED) {
            scheduler.shutdownNow();
        }
    }

    /** The latest sample of each replica seen so far. */
    public Map<String, LagSample> latest() {
        return Map.copyOf(latest);
    }

    /** The replicas whose lag is over the threshold now, with why and since when. */
    public Map<String, LagAlert> alerts() {
        return Map.copyOf(alerts);
    }

    private void sampleSafely() {
        try {
            sampleOnce();
        } catch (RuntimeException e) {
            failures.increment();
            LOG.warn("Lag sample failed; next one at the next interval", e);
        }
    }

    /** Takes one sample now, updates conditions and gauges, then tells the listeners. */
    public void sampleOnce() {
        List<Runnable> notifications = new ArrayList<>();
        synchronized (sampling) {
            for (LagSample sample : source.sample()) {
                latest.put(sample.replica(), sample);
                registerGauges(sample.replica());
                notifications.add(() -> listeners.forEach(l -> l.onSample(sample)));
                evaluate(sample).ifPresent(notifications::add);
            }
        }
        notifications.forEach(this::contained);
    }

    private Optional<Runnable> evaluate(LagSample sample) {
        Optional<String> over = threshold.exceededBy(sample.lag());
        LagAlert current = alerts.get(sample.replica());
        if (over.isPresent() && current == null) {
            LagAlert alert = new LagAlert(sample.replica(), over.get(), clock.instant());
            alerts.put(sample.replica(), alert);
            LOG.warn("Replica {} lag over threshold: {}", sample.replica(), alert.reason());
            return Optional.of(() -> listeners.forEach(l -> l.onRaised(alert)));
        }
        if (over.isEmpty() && current != null) {
            alerts.remove(sample.replica());
            String reason = "lag back within threshold: " + sample.lag().describe();
            LOG.info("Replica {} {}", sample.replica(), reason);
            return Optional.of(() -> listeners.forEach(l -> l.onCleared(current, reason)));
        }
        return Optional.empty();
    }

    private void contained(Runnable notification) {
        try {
            notification.run();
        } catch (RuntimeException e) {
            LOG.warn("A lag listener failed; the monitor goes on", e);
        }
    }

    private void registerGauges(String replica) {
        Gauge.builder("hacoord_replication_lag_bytes", this, m -> m.value(replica, Metric.BYTES))
                .tag("replica", replica).baseUnit("bytes").register(registry);
        Gauge.builder("hacoord_replication_lag_seconds", this, m -> m.value(replica, Metric.SECONDS))
                .tag("replica", replica).baseUnit("seconds").register(registry);
        Gauge.builder("hacoord_replication_replica_state", this, m -> m.value(replica, Metric.STATE))
                .tag("replica", replica).register(registry);
        Gauge.builder("hacoord_replication_lag_over_threshold", this, m -> m.alerts.containsKey(replica) ? 1 : 0)
                .tag("replica", replica).register(registry);
    }

    private enum Metric { BYTES, SECONDS, STATE }

    private double value(String replica, Metric metric) {
        LagSample sample = latest.get(replica);
        if (sample == null) {
            return Double.NaN;
        }
        return switch (metric) {
            case STATE -> sample.state().code();
            case BYTES -> sample.lag().bytesOrMinusOne() < 0 ? Double.NaN : sample.lag().bytesOrMinusOne();
            case SECONDS -> sample.lag() instanceof Lag.Measured m ? m.time().toNanos() / 1e9 : Double.NaN;
        };
    }
}
