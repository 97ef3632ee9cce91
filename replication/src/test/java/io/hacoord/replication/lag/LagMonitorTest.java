package io.hacoord.replication.lag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hacoord.replication.ByteCount;
import io.hacoord.replication.Lag;
import io.hacoord.replication.LagSample;
import io.hacoord.replication.ReplicaState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Pure logic: the source is a fixed list the test sets, the clock a fixed instant the test moves. */
class LagMonitorTest {

    private static final Instant T0 = Instant.parse("2026-11-22T07:00:00Z");

    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final InstantSource clock = now::get;
    private final AtomicReference<List<LagSample>> next = new AtomicReference<>(List.of());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LagMonitor monitor = new LagMonitor(() -> next.get(),
            new LagThreshold(Duration.ofSeconds(5), ByteCount.mebibytes(16)), clock, registry);
    private final List<String> heard = new ArrayList<>();

    LagMonitorTest() {
        monitor.addListener(new LagListener() {
            @Override
            public void onSample(LagSample sample) {
                heard.add("sample " + sample.replica() + " " + sample.lag().bytesOrMinusOne());
            }

            @Override
            public void onRaised(LagAlert alert) {
                heard.add("raised " + alert.replica() + ": " + alert.reason());
            }

            @Override
            public void onCleared(LagAlert cleared, String reason) {
                heard.add("cleared " + cleared.replica() + ": " + reason);
            }
        });
    }

    @Test
    void raisesOnceWhenBytesGoOverThresholdAndClearsWithReasonWhenBack() {
        sample("pg-1", new Lag.Measured(20L * 1024 * 1024, Duration.ofMillis(800), "test"));
        now.set(T0.plusSeconds(1));
        sample("pg-1", new Lag.Measured(30L * 1024 * 1024, Duration.ofMillis(900), "test"));
        assertThat(monitor.alerts()).containsOnlyKeys("pg-1");
        assertThat(monitor.alerts().get("pg-1").since()).isEqualTo(T0);

        sample("pg-1", Lag.caughtUp());

        assertThat(monitor.alerts()).isEmpty();
        assertThat(heard).containsExactly(
                "sample pg-1 20971520", "raised pg-1: lag 20.0 MiB exceeds 16.0 MiB",
                "sample pg-1 31457280",
                "sample pg-1 0", "cleared pg-1: lag back within threshold: 0 B, 0.0 s");
    }

    @Test
    void timeOverThresholdAndUnknownLagBothRaiseWithTheirReason() {
        next.set(List.of(
                new LagSample("pg-1", ReplicaState.STREAMING, new Lag.Measured(10, Duration.ofSeconds(7), "t"), T0),
                new LagSample("pg-2", ReplicaState.UNREACHABLE, new Lag.Unknown("replica unreachable: timeout"), T0)));
        monitor.sampleOnce();

        assertThat(monitor.alerts().get("pg-1").reason()).isEqualTo("lag 7.0 s exceeds 5.0 s");
        assertThat(monitor.alerts().get("pg-2").reason()).isEqualTo("lag unknown: replica unreachable: timeout");
    }

    @Test
    void gaugesShowTheLatestSampleAndNanWhileUnknown() {
        sample("r-1", new Lag.BytesOnly(4096, "no timestamps"));
        assertThat(registry.get("hacoord_replication_lag_bytes").tag("replica", "r-1").gauge().value()).isEqualTo(4096);
        assertThat(registry.get("hacoord_replication_lag_seconds").tag("replica", "r-1").gauge().value()).isNaN();
        assertThat(registry.get("hacoord_replication_replica_state").tag("replica", "r-1").gauge().value()).isEqualTo(0);
        assertThat(registry.get("hacoord_replication_lag_over_threshold").tag("replica", "r-1").gauge().value())
                .isEqualTo(0);

        next.set(List.of(new LagSample("r-1", ReplicaState.UNREACHABLE, new Lag.Unknown("down"), T0)));
        monitor.sampleOnce();
        assertThat(registry.get("hacoord_replication_lag_bytes").tag("replica", "r-1").gauge().value()).isNaN();
        assertThat(registry.get("hacoord_replication_replica_state").tag("replica", "r-1").gauge().value()).isEqualTo(3);
        assertThat(registry.get("hacoord_replication_lag_over_threshold").tag("replica", "r-1").gauge().value())
                .isEqualTo(1);
    }

    @Test
    void aFailingListenerDoesNotStopTheOthersNorTheSchedule() {
        monitor.addListener(new LagListener() {
            @Override
            public void onSample(LagSample sample) {
                throw new IllegalStateException("listener bug");
            }
        });
        next.set(List.of(new LagSample("pg-1", ReplicaState.STREAMING, Lag.caughtUp(), T0)));
        monitor.start(Duration.ofMillis(20));
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() >= 3);
            assertThat(monitor.latest()).containsOnlyKeys("pg-1");
        } finally {
            monitor.close();
        }
    }

    @Test
    void aFailingSourceIsCountedAndTheScheduleGoesOn() {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        try (LagMonitor failing = new LagMonitor(() -> {
            calls.incrementAndGet();
            throw new IllegalStateException("source bug");
        }, LagThreshold.defaults(), clock, registry)) {
            failing.start(Duration.ofMillis(20));
            await().atMost(Duration.ofSeconds(5)).until(() -> calls.get() >= 3);
            assertThat(registry.get("hacoord_replication_sample_failures_total").counter().count()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void secondStartIsAnErrorAndCloseIsIdempotent() {
        monitor.start(Duration.ofSeconds(10));
        assertThatThrownBy(() -> monitor.start(Duration.ofSeconds(10))).isInstanceOf(IllegalStateException.class)
                .hasMessage("lag monitor cannot start: it is STARTED");
        monitor.close();
        monitor.close();
        assertThatThrownBy(() -> monitor.start(Duration.ofSeconds(10))).hasMessage("lag monitor cannot start: it is CLOSED");
    }

    private void sample(String replica, Lag lag) {
        next.set(List.of(new LagSample(replica, ReplicaState.STREAMING, lag, now.get())));
        monitor.sampleOnce();
    }
}
