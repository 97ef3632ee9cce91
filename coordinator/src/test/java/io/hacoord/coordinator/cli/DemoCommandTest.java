package io.hacoord.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The newcomer's first command: three node processes, a killed leader, a measured takeover. */
class DemoCommandTest {

    @Test
    void theDemoElectsALeaderSurvivesItsKillAndReportsTheTakeover() throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int base = threeFreePorts();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true),
                "demo", "--exit", "--base-port", String.valueOf(base), "--timeout", "2s");
        assertThat(code).as(out + "\n" + err).isZero();
        String o = out.toString();
        assertThat(o).contains("Killing the leader node-").contains("| node-1 ").contains("| node-3 ");
        Matcher m = Pattern.compile("Takeover took (\\d+) ms").matcher(o);
        assertThat(m.find()).isTrue();
        assertThat(Long.parseLong(m.group(1))).as("within the 2 s timeout plus a generous margin")
                .isLessThan(8_000);
    }

    private static int threeFreePorts() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int p = ThreadLocalRandom.current().nextInt(20_000, 40_000);
            try (ServerSocket a = new ServerSocket(p, 1, InetAddress.getLoopbackAddress());
                 ServerSocket b = new ServerSocket(p + 1, 1, InetAddress.getLoopbackAddress());
                 ServerSocket c = new ServerSocket(p + 2, 1, InetAddress.getLoopbackAddress())) {
                return p;
            } catch (IOException taken) {
                // try another base
            }
        }
        throw new IOException("no three consecutive free ports found");
    }
}
