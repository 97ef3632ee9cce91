package io.hacoord.coordinator.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hacoord.coordinator.view.Json;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Three nodes as separate processes started from the CLI with a YAML file, against a real store: a leader killed
 * without goodbye is replaced within the election timeout plus a margin; SIGTERM releases and exits 0.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class NodeProcessTest {

    static final Duration TIMEOUT = Duration.ofSeconds(2);
    static final Duration START = Duration.ofSeconds(60); // three JVMs starting on two cores
    static final Duration MARGIN = Duration.ofSeconds(4);

    private StoreUnderTest store;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private Path dir;

    abstract StoreUnderTest startStore();

    @BeforeAll
    void startServer() throws Exception {
        store = startStore();
        dir = Files.createTempDirectory("hacoord-nodes");
    }

    @AfterAll
    void stopServer() {
        store.close();
    }

    @AfterEach
    void stopNodes() throws Exception {
        for (NodeProcess n : nodes) {
            n.close();
        }
        nodes.clear();
    }

    private List<NodeProcess> startThree(String cluster) throws Exception {
        String yaml = """
                cluster: %s
                election:
                  backend: %s
                  %s: %s
                  timeout: %dms
                """.formatted(cluster, store.kind().name().toLowerCase(), store.kind().name().toLowerCase(),
                store.address(), TIMEOUT.toMillis());
        for (int i = 1; i <= 3; i++) {
            nodes.add(NodeProcess.start(dir, yaml, cluster + "-n" + i));
        }
        await().atMost(START).until(() -> nodes.stream().allMatch(n -> n.status("/health") == 200));
        return List.copyOf(nodes);
    }

    private static List<NodeProcess> leaders(List<NodeProcess> ns) {
        return ns.stream().filter(n -> n.status("/leader") == 200).toList();
    }

    private static long epoch(NodeProcess n) throws Exception {
        return Json.MAPPER.readTree(n.get("/leader").body()).path("epoch").asLong();
    }

    @Test
    void aLeaderKilledWithoutReleaseIsReplacedWithinTheTimeoutPlusAMargin() throws Exception {
        List<NodeProcess> all = startThree("kill");
        await().atMost(TIMEOUT.plus(MARGIN)).until(() -> leaders(all).size() == 1);
        NodeProcess leader = leaders(all).getFirst();
        long oldEpoch = epoch(leader);
        List<NodeProcess> rest = all.stream().filter(n -> n != leader).toList();
        long killedAt = System.nanoTime();
        leader.kill();
        await().atMost(TIMEOUT.plus(MARGIN)).pollInterval(Duration.ofMillis(20))
                .until(() -> leaders(rest).size() == 1);
        Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
        NodeProcess next = leaders(rest).getFirst();
        assertThat(epoch(next)).isGreaterThan(oldEpoch);
        assertThat(takeover).isLessThan(TIMEOUT.plus(MARGIN));
        JsonNode terms = Json.MAPPER.readTree(next.get("/history").body()).path("terms");
        assertThat(terms.get(1).path("endReason").asText()).startsWith("superseded by term " + epoch(next));
    }

    @Test
    void sigtermStopsTheLeaderReleasesItsLeaseAndExitsZero() throws Exception {
        List<NodeProcess> all = startThree("term");
        await().atMost(TIMEOUT.plus(MARGIN)).until(() -> leaders(all).size() == 1);
        NodeProcess leader = leaders(all).getFirst();
        List<NodeProcess> rest = all.stream().filter(n -> n != leader).toList();
        assertThat(leader.terminate()).isZero();
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10))
                .until(() -> leaders(rest).size() == 1);
        JsonNode terms = Json.MAPPER.readTree(leaders(rest).getFirst().get("/history").body()).path("terms");
        assertThat(terms.get(1).path("endReason").asText()).isEqualTo("shutdown: the node is stopping");
        assertThat(Files.readString(leader.log)).doesNotContain("Exception");
    }

    @Test
    void aLeaderPausedLongerThanItsLeaseSaysNotLeaderInItsFirstAnswerAfterResuming() throws Exception {
        List<NodeProcess> all = startThree("pause");
        await().atMost(TIMEOUT.plus(MARGIN)).until(() -> leaders(all).size() == 1);
        NodeProcess leader = leaders(all).getFirst();
        long oldEpoch = epoch(leader);
        List<NodeProcess> rest = all.stream().filter(n -> n != leader).toList();
        leader.pause();
        try {
            await().atMost(TIMEOUT.plus(MARGIN)).pollInterval(Duration.ofMillis(20))
                    .until(() -> leaders(rest).size() == 1);
        } finally {
            leader.resume();
        }
        // The very first request after SIGCONT: the old leader's deadline passed while it was frozen.
        HttpResponse<String> first = leader.get("/leader");
        assertThat(first.statusCode()).isEqualTo(503);
        JsonNode cluster = Json.MAPPER.readTree(leader.get("/cluster").body());
        assertThat(cluster.path("leader").path("node").asText()).isNotEqualTo(leader.id);
        NodeProcess next = leaders(rest).getFirst();
        assertThat(epoch(next)).isGreaterThan(oldEpoch);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> leader.status("/leader") == 503);
    }
}
