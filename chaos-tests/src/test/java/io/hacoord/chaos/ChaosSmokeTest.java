package io.hacoord.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.hacoord.testservers.PostgresServer;
import io.hacoord.testservers.TestServers;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The smoke profile of the chaos suite, part of the normal test run: for each backend, three node processes from
 * the built jar, every named fault once plus a few random ones, then the recorded history is checked. Any
 * violation fails the test and is listed in {@code chaos-tests/target/chaos-report.json}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChaosSmokeTest {

    private final ChaosReport report = new ChaosReport();
    private PostgresServer pg;

    @BeforeAll
    void startPostgres() {
        pg = TestServers.postgres();
    }

    @AfterAll
    void writeReport() throws Exception {
        report.write(Path.of("target"));
        System.out.print(report.table());
        pg.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"redis", "zookeeper"})
    void everyFaultOnceLeavesNoSafetyViolation(String backend) throws Exception {
        ChaosRun.run(backend, pg, ChaosSettings.DEFAULT, report, true, 3, 42);
        assertThat(report.violations()).filteredOn(v -> v.startsWith(backend + " ")).isEmpty();
        assertThat(report.rows()).filteredOn(r -> r.backend().equals(backend)).isNotEmpty();
    }
}
