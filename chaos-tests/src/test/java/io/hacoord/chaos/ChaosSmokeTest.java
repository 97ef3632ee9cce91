package io.hacoord.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The smoke profile of the chaos suite, part of the normal test run: for each backend, three node processes from
 * the built jar, every named fault once plus a few random ones, then the recorded history is checked. Any
 * violation fails the test and is listed in {@code chaos-tests/target/chaos-report.json}.
 */
class ChaosSmokeTest extends ChaosSuite {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"redis", "zookeeper"})
    void everyFaultOnceLeavesNoSafetyViolation(String backend) throws Exception {
        ChaosRun.run(backend, pg, ChaosSettings.DEFAULT, report, true, 3, 42);
        assertThat(report.violations()).filteredOn(v -> v.startsWith(backend + " ")).isEmpty();
        assertThat(report.rows()).filteredOn(r -> r.backend().equals(backend)).isNotEmpty();
    }
}
