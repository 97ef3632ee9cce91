package io.hacoord.testservers;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessesTest {

    @TempDir
    Path dir;

    @Test
    void serverThatExitsBeforeItIsReadyIsReportedWithTheTailOfItsLog() throws Exception {
        Path log = dir.resolve("server.log");
        Process process = Processes.launch(List.of("sh", "-c", "echo 'FATAL: bad config'; exit 1"), log);
        process.waitFor();

        assertThatThrownBy(() -> Processes.awaitReady("fake server", Duration.ofSeconds(30), () -> false,
                process::isAlive, log))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fake server exited before it was ready")
                .hasMessageContaining("FATAL: bad config");
    }

    @Test
    void serverThatNeverBecomesReadyTimesOutWithTheTailOfItsLog() throws Exception {
        Path log = dir.resolve("server.log");
        Files.writeString(log, "still loading\n");

        assertThatThrownBy(() -> Processes.awaitReady("slow server", Duration.ofMillis(200), () -> false,
                () -> true, log))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("slow server was not ready within PT0.2S")
                .hasMessageContaining("still loading");
    }
}
