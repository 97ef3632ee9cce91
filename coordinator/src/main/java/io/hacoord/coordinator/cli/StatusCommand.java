package io.hacoord.coordinator.cli;

import io.hacoord.coordinator.view.ClusterAnswer;
import io.hacoord.coordinator.view.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code status --url URL}: prints the cluster as a table. Exit 1 if the node cannot be reached. */
@Command(name = "status", description = "Print the cluster state as a table.", mixinStandardHelpOptions = true)
final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8081",
            description = "API URL of any node (default: ${DEFAULT-VALUE})")
    String url;

    @Override
    public Integer call() throws InterruptedException {
        try {
            ClusterAnswer a = fetch(url);
            spec.commandLine().getOut().print(StatusTable.render(a));
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("cannot read the cluster from " + url + ": " + e.getMessage());
            return 1;
        }
    }

    static ClusterAnswer fetch(String baseUrl) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl.replaceAll("/+$", "") + "/cluster"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        HttpResponse<String> resp = client.send(req, HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 200) {
            throw new IOException("HTTP " + resp.statusCode() + ": " + resp.body());
        }
        return Json.MAPPER.readValue(resp.body(), ClusterAnswer.class);
    }
}
