package io.hacoord.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's exit codes and messages for operators' mistakes. */
class CliTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void runWithABadConfigExitsTwoNamingEveryBadKeyWithoutAStackTraceOrTheSecret() throws IOException {
        Path cfg = dir.resolve("bad.yaml");
        Files.writeString(cfg, """
                cluster: demo
                node:
                  id: node-1
                  listen: nowhere
                election:
                  backend: etcd
                  tmeout: 5s
                fence:
                  postgres: jdbc:postgresql://127.0.0.1/app
                  password: hunter2-secret
                  user: [not, a, scalar]
                """);
        assertThat(run("run", "--config", cfg.toString())).isEqualTo(2);
        String e = err.toString();
        assertThat(e).contains("node.listen").contains("election.backend").contains("election.tmeout")
                .contains("election.timeout").contains("fence.user");
        assertThat(e).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("hunter2-secret");
    }

    @Test
    void runWithAMissingConfigFileExitsTwo() {
        assertThat(run("run", "--config", dir.resolve("absent.yaml").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("config file not found");
    }

    @Test
    void anUnknownOptionExitsTwoWithUsage() {
        assertThat(run("run", "--confg", "x.yaml")).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: ").contains("Usage: ha-coordinator run").contains("--config");
    }

    @Test
    void statusOfANodeThatDoesNotAnswerExitsOneAndSaysWhere() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThat(run("status", "--url", "http://127.0.0.1:" + port)).isEqualTo(1);
        assertThat(err.toString()).contains("cannot read the cluster from http://127.0.0.1:" + port);
    }
}
