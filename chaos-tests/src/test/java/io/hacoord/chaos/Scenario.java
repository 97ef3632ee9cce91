package io.hacoord.chaos;

import io.hacoord.chaos.ChaosCluster.Leader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The named faults. Each one waits for a leader, injects its fault, heals it, and checks what must hold right away:
 * a new leader (or none change, for faults that must not cost the leader its term), clean exits, and exactly one
 * leader within {@link ChaosSettings#singleLeaderBound()} after healing. Safety over the whole history is checked
 * afterwards by {@link HistoryChecker}.
 */
enum Scenario {

    KILL("kill -9 of the leader") {
        @Override
        Long inject(ChaosCluster c, Leader leader, List<String> v) throws Exception {
            long t0 = System.nanoTime();
            leader.node().kill();
            Long takeover = takeover(c, leader, t0, v);
            leader.node().start();
            return takeover;
        }
    },
    SIGTERM("SIGTERM of the leader") {
        @Override
        Long inject(ChaosCluster c, Leader leader, List<String> v) throws Exception {
            long t0 = System.nanoTime();
            int code = leader.node().terminate();
            if (code != 0) {
                v.add(leader.node().id + " exited with " + code + " after SIGTERM, not 0");
            }
            Long takeover = takeover(c, leader, t0, v);
            leader.node().start();
            return takeover;
        }
    },
    PAUSE_LONG("SIGSTOP of the leader for longer than the election timeout, then SIGCONT") {
        @Override
        Long inject(ChaosCluster c, Leader leader, List<String> v) throws Exception {
            long t0 = System.nanoTime();
            leader.node().pause();
            Long takeover;
            try {
                takeover = takeover(c, leader, t0, v);
                sleep(c.settings.longPause().minusNanos(System.nanoTime() - t0));
            } finally {
                leader.node().resume();
            }
            if (leader.node().leaderEpoch().orElse(-1) == leader.epoch()) {
                v.add(leader.node().id + " claimed its old term " + leader.epoch() + " right after SIGCONT");
            }
            return takeover;
        }
    },
    PAUSE_SHORT("SIGSTOP of the leader shorter than its safety margin: no failover, no flapping") {
        @Override
        Long inject(ChaosCluster c, Leader leader, List<String> v) throws Exception {
            leader.node().pause();
            try {
                sleep(c.settings.shortPause());
            } finally {
                leader.node().resume();
            }
            for (Leader seen : c.watch(c.settings.timeout())) {
                if (seen.epoch() != leader.epoch()) {
                    v.add("a " + c.settings.shortPause().toMillis() + " ms pause cost " + leader + " its term ("
                            + seen + " took over)");
                    break;
                }
            }
            if (leader.node().leaderEpoch().orElse(-1) != leader.epoch()) {
                v.add("a " + c.settings.shortPause().toMillis() + " ms pause: " + leader
                        + " no longer leads its term a timeout later (flapping)");
            }
            return null;
        }
    },
    STORE_RESTART("the store restarted: Redis loses its data / ZooKeeper loses quorum, then both come back") {
        @Override
        Long inject(ChaosCluster c, Leader leader, List<String> v) throws Exception {
            long t0 = System.nanoTime();
            c.store.stopAll();
            notLeaderWithoutStore(c, leader, v);
            sleep(c.settings.timeout().minusNanos(System.nanoTime() - t0));
            c.store.startAll();
            Optional<Leader> next = c.awaitLeader(leader.epoch(), c.settings.singleLeaderBound());
            if (next.isEmpty()) {
                v.add("no leader with an epoch above " + leader.epoch() + " within "
                        + c.settings.singleLeaderBound().toMillis() + " ms after the store came back");
                return null;
            }
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        }
    },
    STORE_MEMBER("one ZooKeeper member killed for an election timeout, then restarted") {
        @Override
        boolean appliesTo(ChaosCluster c) {
            return c.store.spareMembers() > 0;
        }

        @Override
        Long inject(ChaosCluster c, Leader leader, List<String> v) throws Exception {
            int victim = c.random.nextInt(3);
            c.store.stopMember(victim);
            c.watch(c.settings.timeout());
            c.store.startMember(victim);
            return null;
        }
    },
    QUORUM_LOSS("two of three ZooKeeper members killed for an election timeout (quorum lost), then restarted") {
        @Override
        boolean appliesTo(ChaosCluster c) {
            return c.store.spareMembers() > 0;
        }

        @Override
        Long inject(ChaosCluster c, Leader leader, List<String> v) throws Exception {
            int survivor = c.random.nextInt(3);
            long t0 = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                if (i != survivor) {
                    c.store.stopMember(i);
                }
            }
            notLeaderWithoutStore(c, leader, v);
            sleep(c.settings.timeout().minusNanos(System.nanoTime() - t0));
            for (int i = 0; i < 3; i++) {
                if (i != survivor) {
                    c.store.startMember(i);
                }
            }
            return null;
        }
    },
    CUT_OFF("the leader cut off from the store but not from PostgreSQL, then healed") {
        @Override
        Long inject(ChaosCluster c, Leader leader, List<String> v) throws Exception {
            long t0 = System.nanoTime();
            leader.node().cutFromStore();
            try {
                return takeover(c, leader, t0, v);
            } finally {
                leader.node().restoreStore();
            }
        }
    },
    LATENCY("100 ms added each way on every node's store link for two election timeouts") {
        @Override
        Long inject(ChaosCluster c, Leader leader, List<String> v) throws Exception {
            // A Redis renewal (one round trip, 200 ms) still fits the 333 ms command timeout; a ZooKeeper renewal
            // (sync + exists, 400 ms) does not, so there the leader must step down by its deadline and terms may
            // change hands while the latency lasts: both must stay safe.
            c.nodes.forEach(n -> n.setStoreLatency(Duration.ofMillis(100)));
            try {
                c.watch(c.settings.timeout().multipliedBy(2));
            } finally {
                c.nodes.forEach(n -> n.setStoreLatency(Duration.ZERO));
            }
            return null;
        }
    },
    ROLLING_RESTART("every node restarted in turn with SIGTERM") {
        @Override
        Long inject(ChaosCluster c, Leader leader, List<String> v) throws Exception {
            for (ChaosNode n : c.nodes) {
                int code = n.terminate();
                if (code != 0) {
                    v.add(n.id + " exited with " + code + " after SIGTERM, not 0");
                }
                n.start();
                c.awaitAllHealthy(Duration.ofSeconds(60));
                if (c.awaitLeader(0, c.settings.singleLeaderBound()).isEmpty()) {
                    v.add("no leader within " + c.settings.singleLeaderBound().toMillis() + " ms after restarting "
                            + n.id);
                }
            }
            return null;
        }
    };

    final String description;

    Scenario(String description) {
        this.description = description;
    }

    boolean appliesTo(ChaosCluster c) {
        return true;
    }

    String label() {
        return name().toLowerCase().replace('_', '-');
    }

    /** Injects the fault and heals it; returns the takeover time if the leader was unseated. */
    abstract Long inject(ChaosCluster c, Leader leader, List<String> violations) throws Exception;

    /** Runs one fault of this scenario under the name {@code as} and checks the cluster healed. */
    FaultResult run(ChaosCluster c, String as) throws Exception {
        List<String> v = new ArrayList<>();
        Leader leader = c.awaitLeader(0, c.settings.singleLeaderBound().multipliedBy(2))
                .orElseThrow(() -> new IllegalStateException("no leader before " + as + "; logs in " + c.dir));
        long start = System.nanoTime();
        Long takeover = inject(c, leader, v);
        c.awaitAllHealthy(Duration.ofSeconds(60));
        if (c.awaitLeader(0, c.settings.singleLeaderBound()).isEmpty()) {
            v.add("no single leader within " + c.settings.singleLeaderBound().toMillis() + " ms after " + as
                    + " healed");
        }
        return new FaultResult(as, c.store.backend(), start, System.nanoTime(), takeover, v);
    }

    /**
     * Unreachable store = not leader: once the leader's renew deadline (plus a margin for scheduling) has passed
     * without the store, it must not answer {@code /leader} 200 for its term.
     */
    static void notLeaderWithoutStore(ChaosCluster c, Leader leader, List<String> v) throws InterruptedException {
        sleep(c.settings.renewDeadline().plusMillis(300));
        if (leader.node().leaderEpoch().orElse(-1) == leader.epoch()) {
            v.add(leader + " still claimed its term " + c.settings.renewDeadline().plusMillis(300).toMillis()
                    + " ms after the store became unreachable");
        }
    }

    /** Waits for a node other than the unseated leader to lead with a newer epoch; the time since {@code t0}. */
    static Long takeover(ChaosCluster c, Leader old, long t0, List<String> v) throws InterruptedException {
        Optional<Leader> next = c.awaitLeader(old.epoch(), c.settings.singleLeaderBound());
        if (next.isEmpty()) {
            v.add("no new leader within " + c.settings.singleLeaderBound().toMillis() + " ms after " + old
                    + " was unseated");
            return null;
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    static void sleep(Duration d) throws InterruptedException {
        if (!d.isNegative()) {
            TimeUnit.NANOSECONDS.sleep(d.toNanos()); // the fault's own duration, not a wait for a condition
        }
    }
}
