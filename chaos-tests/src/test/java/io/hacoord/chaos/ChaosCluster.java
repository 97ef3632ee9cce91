package io.hacoord.chaos;

import static org.awaitility.Awaitility.await;

import io.hacoord.testservers.PostgresServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Three coordinator processes of one backend against a real store and a real PostgreSQL, each node reaching the
 * store through its own proxies. The nodes are polled in parallel; two nodes answering {@code /leader} 200 in the
 * same round is recorded as an observation (a hint: the answers are not at the same instant, so a fast handover
 * can look like that). Whether two terms overlapped is decided by {@link HistoryChecker} from the event logs.
 */
final class ChaosCluster implements AutoCloseable {

    final ChaosStore store;
    final ChaosSettings settings;
    final List<ChaosNode> nodes = new ArrayList<>();
    final List<String> observations = new CopyOnWriteArrayList<>();
    final Path dir;
    /** Every random choice of a run comes from here, so a run can be replayed from its seed. */
    final java.util.Random random = new java.util.Random(0);

    private ChaosCluster(ChaosStore store, ChaosSettings settings, Path dir) {
        this.store = store;
        this.settings = settings;
        this.dir = dir;
    }

    static ChaosCluster start(ChaosStore store, PostgresServer pg, ChaosSettings settings, Path dir)
            throws IOException {
        ChaosCluster c = new ChaosCluster(store, settings, dir);
        String fence = "fence:\n  postgres: " + pg.jdbcUrl() + "\n  user: " + pg.user() + "\n  password: "
                + pg.password() + "\n  resource: chaos-" + store.backend() + "\n  canaryInterval: "
                + settings.canaryInterval().toMillis() + "ms\n";
        try {
            for (int i = 1; i <= 3; i++) {
                var proxies = store.proxiesForNode();
                String yaml = "cluster: chaos-" + store.backend() + "\n"
                        + store.electionYaml(proxies, settings.timeout());
                c.nodes.add(new ChaosNode("n" + i, dir, proxies, yaml, fence));
            }
            for (ChaosNode n : c.nodes) {
                n.start();
            }
            return c;
        } catch (IOException | RuntimeException e) {
            c.closeNodes();
            throw e;
        }
    }

    /** The node answering {@code /leader} 200 now, if exactly one does; two or more is a violation. */
    Optional<Leader> leaderNow() {
        List<Leader> seen = new ArrayList<>();
        try (ExecutorService polls = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<OptionalLong>> answers = nodes.stream().map(n -> polls.submit(n::leaderEpoch)).toList();
            for (int i = 0; i < nodes.size(); i++) {
                OptionalLong e = answers.get(i).get();
                if (e.isPresent()) {
                    seen.add(new Leader(nodes.get(i), e.getAsLong()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        if (seen.size() > 1) {
            observations.add("two nodes answered /leader 200 in the same round: " + seen);
        }
        return seen.size() == 1 ? Optional.of(seen.getFirst()) : Optional.empty();
    }

    /** Waits for a single leader with an epoch above {@code minEpoch}; empty if none within {@code max}. */
    Optional<Leader> awaitLeader(long minEpoch, Duration max) {
        try {
            return await().atMost(max).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                    .until(this::leaderNow, l -> l.isPresent() && l.get().epoch() > minEpoch);
        } catch (ConditionTimeoutException none) {
            return Optional.empty();
        }
    }

    /** Watches for {@code d} (the fault's own duration), recording every leader seen on the way. */
    List<Leader> watch(Duration d) {
        List<Leader> seen = new CopyOnWriteArrayList<>();
        await().during(d).atMost(d.plusSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    leaderNow().ifPresent(seen::add);
                    return true;
                });
        return List.copyOf(seen);
    }

    void awaitAllHealthy(Duration max) {
        await().atMost(max).pollInterval(Duration.ofMillis(50))
                .alias("all nodes healthy (logs in " + dir + ")")
                .until(() -> nodes.stream().allMatch(ChaosNode::isHealthy));
    }

    /** A node that answered {@code /leader} 200 with this epoch. */
    record Leader(ChaosNode node, long epoch) {
        @Override
        public String toString() {
            return node.id + "@" + epoch;
        }
    }

    /** Kills every node process and closes its proxies, whatever fails on the way. */
    void closeNodes() {
        for (ChaosNode n : nodes) {
            try {
                n.close();
            } catch (Exception e) {
                observations.add("closing " + n.id + " failed: " + e);
            }
        }
    }

    @Override
    public void close() {
        closeNodes();
        store.close();
    }
}
