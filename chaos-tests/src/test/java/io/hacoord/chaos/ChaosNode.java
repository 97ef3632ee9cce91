package io.hacoord.chaos;

import io.hacoord.testservers.ProcessSignals;
import io.hacoord.testservers.TcpProxy;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One coordinator node as its own process, started from the built jar with a YAML file, reaching the store only
 * through its own proxies (so the test can cut or slow its link) and PostgreSQL directly.
 */
final class ChaosNode implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(300)).build();
    private static final Pattern EPOCH = Pattern.compile("\"epoch\"\\s*:\\s*(\\d+)");

    final String id;
    final int apiPort;
    final Path config;
    final Path events;
    final Path log;
    final List<TcpProxy> proxies;
    private Process process;

    ChaosNode(String id, Path dir, List<TcpProxy> proxies, String storeYaml, String fenceYaml) throws IOException {
        this.id = id;
        this.proxies = proxies;
        try (ServerSocket s = new ServerSocket(0)) {
            this.apiPort = s.getLocalPort();
        }
        this.config = dir.resolve(id + ".yaml");
        this.events = dir.resolve(id + ".events.jsonl");
        this.log = dir.resolve(id + ".log");
        Files.writeString(config, storeYaml + fenceYaml + "node:\n  id: " + id + "\n  listen: 127.0.0.1:" + apiPort
                + "\n  eventLog: " + events + "\n");
    }

    void start() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx160m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", ChaosJar.path().toString(), "run", "--config", config.toString());
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("HACOORD_"));
        process = pb.start();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    void kill() throws InterruptedException {
        ProcessSignals.kill(process);
    }

    /** SIGTERM and the exit code (-1 if it did not exit within 20 s). */
    int terminate() throws InterruptedException {
        return ProcessSignals.terminate(process, Duration.ofSeconds(20));
    }

    void pause() throws IOException, InterruptedException {
        ProcessSignals.pause(process);
    }

    void resume() throws IOException, InterruptedException {
        ProcessSignals.resume(process);
    }

    /** Cuts this node off from the store (all its store links), not from PostgreSQL. */
    void cutFromStore() {
        proxies.forEach(TcpProxy::cut);
    }

    void restoreStore() {
        proxies.forEach(TcpProxy::restore);
    }

    void setStoreLatency(Duration d) {
        proxies.forEach(p -> p.setLatency(d));
    }

    /** The epoch if this node answers {@code /leader} with 200 now. */
    OptionalLong leaderEpoch() {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort
                    + "/leader")).timeout(Duration.ofMillis(500)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return OptionalLong.empty();
            }
            Matcher m = EPOCH.matcher(r.body());
            return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    boolean isHealthy() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/health"))
                    .timeout(Duration.ofMillis(500)).GET().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        try {
            if (isAlive()) {
                resume(); // a frozen process cannot die of SIGKILL until it is scheduled again on some kernels
                kill();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } finally {
            proxies.forEach(TcpProxy::close);
        }
    }
}
