package io.hacoord.chaos;

import io.hacoord.testservers.PostgresServer;
import io.hacoord.testservers.TestServers;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** One PostgreSQL for the workload of every backend, and one report written to {@code target/} at the end. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ChaosSuite {

    final ChaosReport report = new ChaosReport();
    PostgresServer pg;

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
}
