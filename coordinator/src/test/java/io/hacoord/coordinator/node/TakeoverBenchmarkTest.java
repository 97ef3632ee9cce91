package io.hacoord.coordinator.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hacoord.coordinator.election.ElectionSettings;
import io.hacoord.coordinator.ha.LeaderTerm;
import io.hacoord.coordinator.store.BackendOptions;
import io.hacoord.coordinator.time.NanoClock;
import io.hacoord.testservers.TcpProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Takeover times against real stores, per backend, printed as p50/p99/max and written to
 * {@code coordinator/target/benchmark-takeover.txt}. Not part of the test suite; run with
 * {@code ./mvnw -pl coordinator -am verify -Pbenchmark}.
 *
 * <ul>
 *   <li><b>handover</b>: the leader stops (releases its lease); time from the start of the stop until a
 *       follower's acquire was sent.</li>
 *   <li><b>unplanned</b>: the leader is cut off from the store (its link silently holds all bytes, as a crashed or
 *       partitioned host would); time from the cut until a follower's acquire was sent. The baseline is the
 *       election timeout T, the bound the design promises (T + one retry); the ratio to T is printed.</li>
 * </ul>
 */
@Tag("benchmark")
class TakeoverBenchmarkTest {

    static final Duration T = Duration.ofSeconds(2);
    static final ElectionSettings SETTINGS = ElectionSettings.defaultsFor(T);
    static final int HANDOVERS = 30;
    static final int UNPLANNED = 12;

    @Test
    void measureTakeoverForBothBackends() throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add("Takeover benchmark, " + LocalDate.now() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, Java " + Runtime.version() + ", election timeout T = " + T.toMillis() + " ms");
        lines.add(String.format(Locale.ROOT, "%-10s %-10s %5s %9s %9s %9s %10s", "backend", "scenario", "runs",
                "p50 ms", "p99 ms", "max ms", "p50 / T"));
        for (StoreUnderTest store : List.of(StoreUnderTest.redis(), StoreUnderTest.zookeeper())) {
            try (store) {
                lines.add(row(store, "handover", handovers(store)));
                lines.add(row(store, "unplanned", unplanned(store)));
            }
        }
        String report = String.join("\n", lines) + "\n";
        System.out.print(report);
        Path out = Path.of("target", "benchmark-takeover.txt");
        Files.writeString(out, report);
        assertThat(report).contains("redis").contains("zookeeper");
    }

    private static String row(StoreUnderTest store, String scenario, long[] nanos) {
        Arrays.sort(nanos);
        double p50 = ms(nanos[(int) Math.floor(0.50 * (nanos.length - 1))]);
        double p99 = ms(nanos[(int) Math.ceil(0.99 * (nanos.length - 1))]);
        double max = ms(nanos[nanos.length - 1]);
        return String.format(Locale.ROOT, "%-10s %-10s %5d %9.1f %9.1f %9.1f %10.2f",
                store.kind().name().toLowerCase(Locale.ROOT), scenario, nanos.length, p50, p99, max,
                p50 / T.toMillis());
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static CoordinatorNode node(StoreUnderTest store, String cluster, String id, String address,
                                        List<AutoCloseable> open) throws IOException {
        BackendOptions bo = new BackendOptions(cluster, id, SETTINGS, Duration.ofSeconds(2), NanoClock.SYSTEM,
                Clock.systemUTC());
        CoordinatorNode n = new CoordinatorNode(new NodeOptions(cluster, id, "127.0.0.1", 0, null, SETTINGS,
                Duration.ofMillis(500)), store.open(address, bo), NodeExtras.NONE, NanoClock.SYSTEM,
                Clock.systemUTC());
        open.add(n);
        n.start();
        return n;
    }

    private static long[] handovers(StoreUnderTest store) throws Exception {
        long[] out = new long[HANDOVERS];
        List<AutoCloseable> open = new ArrayList<>();
        String cluster = "bench-h-" + System.nanoTime();
        try {
            CoordinatorNode leader = node(store, cluster, "h0", store.address(), open);
            await().atMost(T.multipliedBy(5)).until(() -> leader.validTerm().isPresent());
            CoordinatorNode current = leader;
            for (int i = 0; i < HANDOVERS; i++) {
                CoordinatorNode next = node(store, cluster, "h" + (i + 1), store.address(), open);
                await().atMost(T.multipliedBy(5))
                        .until(() -> next.haLoop().lastOutcome().kind().name().equals("FOLLOWING"));
                long stopAt = System.nanoTime();
                current.close();
                await().atMost(T.multipliedBy(5)).pollInterval(Duration.ofMillis(1))
                        .until(() -> next.validTerm().isPresent());
                out[i] = next.validTerm().map(LeaderTerm::lease).orElseThrow().acquiredAtNanos() - stopAt;
                current = next;
            }
        } finally {
            for (AutoCloseable c : open.reversed()) {
                c.close();
            }
        }
        return out;
    }

    private static long[] unplanned(StoreUnderTest store) throws Exception {
        long[] out = new long[UNPLANNED];
        for (int i = 0; i < UNPLANNED; i++) {
            List<AutoCloseable> open = new ArrayList<>();
            String cluster = "bench-u-" + i + "-" + System.nanoTime();
            try (TcpProxy proxy = TcpProxy.to(store.host(), store.port())) {
                CoordinatorNode victim = node(store, cluster, "victim", store.address(proxy.host(), proxy.port()),
                        open);
                await().atMost(T.multipliedBy(5)).until(() -> victim.validTerm().isPresent());
                CoordinatorNode heir = node(store, cluster, "heir", store.address(), open);
                await().atMost(T.multipliedBy(5))
                        .until(() -> heir.haLoop().lastOutcome().kind().name().equals("FOLLOWING"));
                long cutAt = System.nanoTime();
                proxy.cut();
                await().atMost(T.multipliedBy(5)).pollInterval(Duration.ofMillis(1))
                        .until(() -> heir.validTerm().isPresent());
                out[i] = heir.validTerm().map(LeaderTerm::lease).orElseThrow().acquiredAtNanos() - cutAt;
            } finally {
                for (AutoCloseable c : open.reversed()) {
                    c.close();
                }
            }
        }
        return out;
    }
}
