package io.hacoord.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The long run: 200 faults per backend, chosen at random (fixed seed, so a failing run can be replayed) from
 * every scenario that applies. Not part of the normal test run: {@code ./mvnw verify -Pchaos-long}. Its table is
 * recorded in {@code docs/CHAOS.md}.
 */
@Tag("chaos-long")
class ChaosLongRunTest extends ChaosSuite {

    static final int FAULTS_PER_BACKEND = 200;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"redis", "zookeeper"})
    void twoHundredRandomFaultsLeaveNoSafetyViolation(String backend) throws Exception {
        ChaosRun.run(backend, pg, ChaosSettings.DEFAULT, report, false, FAULTS_PER_BACKEND, 20261122L);
        assertThat(report.violations()).filteredOn(v -> v.startsWith(backend + " ")).isEmpty();
    }
}
