package io.hacoord.coordinator.cli;

import io.hacoord.coordinator.view.ClusterAnswer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/**
 * {@code demo}: starts ZooKeeper in-process and three nodes as child processes, prints the cluster, kills the
 * leader without goodbye (SIGKILL), prints the measured takeover time, restarts the killed node as a follower and
 * keeps serving until Ctrl-C.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a three-node cluster locally, kill its leader and measure the takeover.")
final class DemoCommand implements Callable<Integer> {

    private static final Pattern EPOCH = Pattern.compile("\"epoch\"\\s*:\\s*(\\d+)");

    @Spec
    CommandSpec spec;

    @Option(names = "--base-port", defaultValue = "8081", description = "API port of node-1; the others follow")
    int basePort;

    @Option(names = "--timeout", defaultValue = "3s", description = "election timeout (default: ${DEFAULT-VALUE})")
    String timeout;

    @Option(names = "--exit", description = "exit after the takeover instead of serving until Ctrl-C")
    boolean exitAfterTakeover;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(300)).build();
    private final List<Process> nodes = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = Files.createTempDirectory("hacoord-demo");
        try (EmbeddedZooKeeper zk = new EmbeddedZooKeeper()) {
            out.println("ZooKeeper in-process at " + zk.connectString() + "; node logs in " + dir);
            for (int i = 1; i <= 3; i++) {
                nodes.add(startNode(dir, i, zk.connectString()));
            }
            String leaderUrl = awaitLeader(List.of(1, 2, 3), 0, Duration.ofSeconds(60))
                    .orElseThrow(() -> new IllegalStateException("no leader within 60 s; see the logs in " + dir));
            awaitMembers(leaderUrl, 3);
            out.print(StatusTable.render(StatusCommand.fetch(leaderUrl)));
            int leaderIndex = port(leaderUrl) - basePort + 1;
            long oldEpoch = epochOf(get(leaderUrl + "/leader").body());
            out.printf("%nKilling the leader node-%d (SIGKILL, no goodbye)...%n", leaderIndex);
            out.flush();
            Process victim = nodes.get(leaderIndex - 1);
            long killedAt = System.nanoTime();
            victim.destroyForcibly();
            List<Integer> survivors = new ArrayList<>(List.of(1, 2, 3));
            survivors.remove(Integer.valueOf(leaderIndex));
            String newLeader = awaitLeader(survivors, oldEpoch, Duration.ofSeconds(60))
                    .orElseThrow(() -> new IllegalStateException("no new leader within 60 s"));
            long takeoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            out.printf("New leader: node-%d. Takeover took %d ms (election timeout %s: the dead leader's session "
                    + "expires after the timeout, then the waiting follower is notified at once).%n%n",
                    port(newLeader) - basePort + 1, takeoverMs, timeout);
            nodes.set(leaderIndex - 1, startNode(dir, leaderIndex, zk.connectString()));
            awaitMembers(newLeader, 3);
            out.print(StatusTable.render(StatusCommand.fetch(newLeader)));
            out.flush();
            if (exitAfterTakeover) {
                return 0;
            }
            out.printf("%nnode-%d restarted as a follower. Serving on 127.0.0.1:%d-%d until Ctrl-C. Try:%n"
                    + "  java -jar coordinator/target/ha-coordinator.jar status --url http://127.0.0.1:%d%n",
                    leaderIndex, basePort, basePort + 2, basePort);
            out.flush();
            CountDownLatch stop = new CountDownLatch(1);
            Signal.handle(new Signal("INT"), s -> stop.countDown());
            Signal.handle(new Signal("TERM"), s -> stop.countDown());
            stop.await();
            return 0;
        } finally {
            stopNodes();
        }
    }

    private Process startNode(Path dir, int i, String zk) throws IOException {
        Path cfg = dir.resolve("node-" + i + ".yaml");
        Files.writeString(cfg, """
                cluster: demo
                node:
                  id: node-%d
                  listen: 127.0.0.1:%d
                election:
                  backend: zookeeper
                  zookeeper: %s
                  timeout: %s
                """.formatted(i, basePort + i - 1, zk, timeout));
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run", "--config", cfg.toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("node-" + i + ".log").toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("HACOORD_"));
        return pb.start();
    }

    /** Polls /leader on the given nodes until one answers 200 with an epoch above {@code minEpoch}. */
    private Optional<String> awaitLeader(List<Integer> indexes, long minEpoch, Duration max)
            throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < end) {
            for (int i : indexes) {
                String url = "http://127.0.0.1:" + (basePort + i - 1);
                try {
                    HttpResponse<String> r = get(url + "/leader");
                    if (r.statusCode() == 200 && epochOf(r.body()) > minEpoch) {
                        return Optional.of(url);
                    }
                } catch (IOException e) {
                    // not up yet, or just killed
                }
            }
            TimeUnit.MILLISECONDS.sleep(10); // a polling client, not a test: nothing to await on
        }
        return Optional.empty();
    }

    private void awaitMembers(String url, int n) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            ClusterAnswer a = StatusCommand.fetch(url);
            if (a.members().size() >= n && a.leader() != null) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMillis(500)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long epochOf(String json) {
        Matcher m = EPOCH.matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static int port(String url) {
        return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
    }

    private void stopNodes() throws InterruptedException {
        for (Process p : nodes) {
            p.destroy(); // SIGTERM: each node releases its lease and exits 0
        }
        for (Process p : nodes) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
