package io.hacoord.chaos;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A three-member ZooKeeper ensemble, each member its own JVM ({@code QuorumPeerMain}) from the test classpath, so
 * that a member can be killed like a real server. Tick 100 ms, so sessions from 200 ms to 60 s are accepted and a
 * member cut off from its quorum notices within {@code syncLimit x tick} = 1 s.
 */
final class ZooKeeperProcesses implements AutoCloseable {

    private final Path dir;
    private final int[] clientPorts = new int[3];
    private final List<Process> members = new ArrayList<>(Arrays.asList(null, null, null));

    ZooKeeperProcesses(Path dir) throws IOException {
        this.dir = dir;
        int[][] peer = new int[3][2];
        for (int i = 0; i < 3; i++) {
            clientPorts[i] = freePort();
            peer[i][0] = freePort();
            peer[i][1] = freePort();
        }
        for (int i = 0; i < 3; i++) {
            Path data = dir.resolve("zk" + (i + 1));
            Files.createDirectories(data);
            Files.writeString(data.resolve("myid"), Integer.toString(i + 1));
            StringBuilder cfg = new StringBuilder("""
                    tickTime=100
                    initLimit=50
                    syncLimit=10
                    minSessionTimeout=200
                    maxSessionTimeout=60000
                    admin.enableServer=false
                    4lw.commands.whitelist=ruok,srvr
                    """);
            cfg.append("dataDir=").append(data).append('\n');
            cfg.append("clientPort=").append(clientPorts[i]).append('\n');
            cfg.append("clientPortAddress=127.0.0.1\n");
            for (int j = 0; j < 3; j++) {
                cfg.append("server.").append(j + 1).append("=127.0.0.1:").append(peer[j][0]).append(':')
                        .append(peer[j][1]).append('\n');
            }
            Files.writeString(data.resolve("zoo.cfg"), cfg.toString());
        }
    }

    void startAll() throws IOException {
        for (int i = 0; i < 3; i++) {
            start(i);
        }
        for (int i = 0; i < 3; i++) {
            awaitServing(i, Duration.ofSeconds(60));
        }
    }

    int clientPort(int i) {
        return clientPorts[i];
    }

    void start(int i) throws IOException {
        Path data = dir.resolve("zk" + (i + 1));
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dzookeeper.admin.enableServer=false", "-cp", System.getProperty("java.class.path"),
                "org.apache.zookeeper.server.quorum.QuorumPeerMain", data.resolve("zoo.cfg").toString());
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                dir.resolve("zk" + (i + 1) + ".log").toFile()));
        members.set(i, pb.start());
    }

    /** SIGKILL of member {@code i}. */
    void kill(int i) throws InterruptedException {
        Process p = members.get(i);
        if (p != null) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    boolean isServing(int i) {
        return "imok".equals(fourLetterWord(i, "ruok")) && fourLetterWord(i, "srvr").contains("Mode:");
    }

    void awaitServing(int i, Duration max) throws IOException {
        try {
            await().atMost(max).pollInterval(Duration.ofMillis(50)).until(() -> isServing(i));
        } catch (ConditionTimeoutException e) {
            throw new IOException("ZooKeeper member " + (i + 1) + " not serving within " + max + "; see " + dir, e);
        }
    }

    private String fourLetterWord(int i, String word) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", clientPorts[i]), 500);
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write(word.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (Process p : members) {
            if (p != null) {
                p.destroyForcibly();
                try {
                    p.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
