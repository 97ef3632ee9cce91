package io.hacoord.chaos;

import io.hacoord.testservers.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import io.hacoord.coordinator.fence.Fence;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs faults against one backend's cluster, then checks the recorded history into the report. */
final class ChaosRun {

    private static final Logger log = LoggerFactory.getLogger(ChaosRun.class);

    private ChaosRun() {
    }

    /**
     * Starts a cluster of {@code backend}, runs every scenario once (in order), then {@code randomFaults} faults
     * chosen at random from the scenarios that apply (reported as "randomized"), and checks the history.
     */
    static void run(String backend, PostgresServer pg, ChaosSettings settings, ChaosReport report,
                    boolean eachScenarioOnce, int randomFaults, long seed) throws Exception {
        Path dir = Files.createTempDirectory("hacoord-chaos-" + backend);
        prepareSchema(pg, "chaos-" + backend);
        try (ChaosStore store = ChaosStore.start(backend, dir);
             ChaosCluster cluster = ChaosCluster.start(store, pg, settings, dir)) {
            cluster.random.setSeed(seed);
            try {
                injectFaults(cluster, report, eachScenarioOnce, randomFaults);
            } finally {
                // Whatever went wrong above, the history is checked: a failed scenario may be a broken safety rule.
                cluster.observations.forEach(o -> log.warn("chaos {}: {}", backend, o));
                for (ChaosNode n : cluster.nodes) {
                    if (n.isAlive()) {
                        n.resume();
                        n.terminate();
                    }
                }
                check(backend, pg, cluster, report, dir);
            }
        }
    }

    private static void injectFaults(ChaosCluster cluster, ChaosReport report, boolean eachScenarioOnce,
                                     int randomFaults) throws Exception {
        String backend = cluster.store.backend();
        cluster.awaitAllHealthy(java.time.Duration.ofSeconds(90));
        if (eachScenarioOnce) {
            for (Scenario s : Scenario.values()) {
                if (s.appliesTo(cluster)) {
                    log.info("chaos {}: {}", backend, s.description);
                    report.add(s.run(cluster, s.label()));
                }
            }
        }
        List<Scenario> mix = java.util.Arrays.stream(Scenario.values()).filter(s -> s.appliesTo(cluster)).toList();
        for (int i = 0; i < randomFaults; i++) {
            Scenario s = mix.get(cluster.random.nextInt(mix.size()));
            log.info("chaos {}: random fault {}/{}: {}", backend, i + 1, randomFaults, s.description);
            // In the smoke run the random faults come on top of one of each and are reported together; in the long
            // run they are all there is, and each is reported under its own scenario.
            report.add(s.run(cluster, eachScenarioOnce ? "randomized" : s.label()));
        }
    }

    /** The fence tables as the nodes make them, plus the trigger that marks each advance for the checker. */
    private static void prepareSchema(PostgresServer pg, String resource) throws Exception {
        try (Connection db = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             Statement st = db.createStatement()) {
            org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
            ds.setUrl(pg.jdbcUrl());
            ds.setUser(pg.user());
            ds.setPassword(pg.password());
            new Fence(ds, resource).ensureSchema();
            st.execute(HistoryChecker.MARK_ADVANCES);
        }
    }

    private static void check(String backend, PostgresServer pg, ChaosCluster cluster, ChaosReport report, Path dir)
            throws Exception {
        HistoryChecker checker = HistoryChecker.read(cluster.nodes.stream().map(n -> n.events).toList());
        try (Connection db = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password())) {
            checker.checkWrites(db, "chaos-" + backend);
        }
        checker.violations.forEach(v -> report.addHistoryViolation(backend, v));
        log.info("chaos {}: {} terms, {} acknowledged writes, {} history violations; files in {}", backend,
                checker.terms.size(), checker.acknowledged(), checker.violations.size(), dir);
        if (checker.terms.isEmpty() || checker.acknowledged() == 0) {
            report.addHistoryViolation(backend, "the history is empty: " + checker.terms.size() + " terms, "
                    + checker.acknowledged() + " acknowledged writes; nothing was proven (files in " + dir + ")");
        }
        for (ChaosNode n : cluster.nodes) {
            if (Files.exists(n.log) && Files.readString(n.log).contains("event log not writable")) {
                report.addHistoryViolation(backend, n.id + " could not write its event log: the history is partial");
            }
        }
    }
}
