package io.hacoord.testservers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaleServerReaperTest {

    @TempDir
    Path base;

    @Test
    void directoryOfADeadOwnerIsDeletedAndItsServerProcessKilled() throws Exception {
        long deadPid = deadProcessPid();
        Process orphan = new ProcessBuilder("sleep", "600").start(); // stands in for a leaked server
        Path stale = Files.createDirectories(base.resolve(deadPid + "-1-redis"));
        Files.writeString(stale.resolve(ServerDirectory.OWNER_FILE), deadPid + " 0\n");
        Files.writeString(stale.resolve(ServerDirectory.PIDS_FILE),
                ServerDirectory.describe(orphan.toHandle()) + "\n");
        Files.writeString(stale.resolve("dump.rdb"), "data");

        assertThat(StaleServerReaper.reap(base)).isEqualTo(1);

        assertThat(stale).doesNotExist();
        await().atMost(Duration.ofSeconds(10)).until(() -> !orphan.isAlive());
    }

    @Test
    void directoryOfALiveOwnerIsKept() throws IOException {
        ProcessHandle self = ProcessHandle.current();
        Path live = Files.createDirectories(base.resolve(self.pid() + "-1-redis"));
        Files.writeString(live.resolve(ServerDirectory.OWNER_FILE), ServerDirectory.describe(self) + "\n");

        assertThat(StaleServerReaper.reap(base)).isZero();

        assertThat(live).exists();
    }

    @Test
    void directoryWithoutOwnerFileIsJudgedByThePidInItsName() throws Exception {
        Path stale = Files.createDirectories(base.resolve(deadProcessPid() + "-7-postgres"));

        StaleServerReaper.reap(base);

        assertThat(stale).doesNotExist();
    }

    private static long deadProcessPid() throws Exception {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();
        return process.pid();
    }
}
