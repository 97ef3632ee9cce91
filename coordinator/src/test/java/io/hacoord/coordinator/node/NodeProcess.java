package io.hacoord.coordinator.node;

import io.hacoord.coordinator.cli.Main;
import io.hacoord.testservers.ProcessSignals;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A coordinator node run as its own JVM from the test classpath ({@code Main run --config FILE}). */
final class NodeProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    final String id;
    final int port;
    final Path log;
    private final Process process;

    private NodeProcess(String id, int port, Path log, Process process) {
        this.id = id;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    static NodeProcess start(Path dir, String yamlWithoutNode, String id) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path cfg = dir.resolve(id + ".yaml");
        Files.writeString(cfg, yamlWithoutNode + "node:\n  id: " + id + "\n  listen: 127.0.0.1:" + port + "\n");
        Path log = dir.resolve(id + ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "run", "--config", cfg.toString());
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("HACOORD_"));
        return new NodeProcess(id, port, log, pb.start());
    }

    /** The status code of GET path, or -1 if the node does not answer. */
    int status(String path) {
        try {
            return get(path).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    void kill() throws InterruptedException {
        ProcessSignals.kill(process);
    }

    /** SIGTERM, then the exit code. */
    int terminate() throws InterruptedException {
        return ProcessSignals.terminate(process, Duration.ofSeconds(20));
    }

    void pause() throws IOException, InterruptedException {
        ProcessSignals.pause(process);
    }

    void resume() throws IOException, InterruptedException {
        ProcessSignals.resume(process);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
