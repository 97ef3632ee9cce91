package io.hacoord.coordinator.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hacoord.coordinator.duty.LeaderDuty;
import io.hacoord.coordinator.election.ElectionSettings;
import io.hacoord.coordinator.fence.Fence;
import io.hacoord.coordinator.fence.FenceKeeper;
import io.hacoord.coordinator.fence.StaleEpochException;
import io.hacoord.coordinator.ha.LeaderTerm;
import io.hacoord.coordinator.store.BackendOptions;
import io.hacoord.coordinator.time.NanoClock;
import io.hacoord.coordinator.view.Json;
import io.hacoord.testservers.PostgresServer;
import io.hacoord.testservers.TcpProxy;
import io.hacoord.testservers.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Whole nodes (HA loop, duties, HTTP API) in this JVM against a real store, one subclass per backend. In-process
 * nodes share one monotonic clock, so a test can compare one node's lease deadline with another's acquisition to
 * the nanosecond.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class NodeClusterTest {

    static final Duration TTL = Duration.ofSeconds(2);
    static final ElectionSettings SETTINGS = ElectionSettings.defaultsFor(TTL);
    static final Duration MARGIN = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final AtomicInteger clusters = new AtomicInteger();
    private StoreUnderTest store;

    abstract StoreUnderTest startStore();

    @BeforeAll
    void startServer() {
        store = startStore();
    }

    @AfterAll
    void stopServer() {
        store.close();
    }

    @AfterEach
    void closeNodes() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        open.clear();
    }

    String newCluster() {
        return "t" + clusters.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
    }

    CoordinatorNode node(String cluster, String id) throws Exception {
        return node(cluster, id, store.address(), List.of());
    }

    CoordinatorNode node(String cluster, String id, String address, List<LeaderDuty> duties) throws Exception {
        BackendOptions bo = new BackendOptions(cluster, id, SETTINGS, Duration.ofSeconds(2), NanoClock.SYSTEM,
                Clock.systemUTC());
        CoordinatorNode n = new CoordinatorNode(new NodeOptions(cluster, id, "127.0.0.1", 0, null, SETTINGS,
                Duration.ofMillis(400)), store.open(address, bo), NodeExtras.duties(duties), NanoClock.SYSTEM,
                Clock.systemUTC());
        open.add(n);
        n.start();
        return n;
    }

    static List<CoordinatorNode> leaders(List<CoordinatorNode> nodes) {
        return nodes.stream().filter(n -> n.validTerm().isPresent()).toList();
    }

    HttpResponse<String> get(CoordinatorNode n, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.apiPort() + path)).GET()
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(CoordinatorNode n, String path) throws Exception {
        return Json.MAPPER.readTree(get(n, path).body());
    }

    @Test
    void exactlyOneOfThreeNodesLeadsAndEveryNodeServesThatLeader() throws Exception {
        String c = newCluster();
        List<CoordinatorNode> nodes = List.of(node(c, "n1"), node(c, "n2"), node(c, "n3"));
        await().atMost(TTL.plus(MARGIN)).until(() -> leaders(nodes).size() == 1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(5))
                .until(() -> leaders(nodes).size() <= 1); // never two, whatever the scheduling
        await().atMost(TTL.plus(MARGIN)).until(() -> leaders(nodes).size() == 1);
        CoordinatorNode leader = leaders(nodes).getFirst();
        long epoch = leader.validTerm().orElseThrow().epoch();
        for (CoordinatorNode n : nodes) {
            HttpResponse<String> r = get(n, "/leader");
            assertThat(r.statusCode()).isEqualTo(n == leader ? 200 : 503);
            await().atMost(MARGIN).untilAsserted(() -> {
                JsonNode cl = json(n, "/cluster");
                assertThat(cl.path("leader").path("node").asText()).isEqualTo(leader.nodeId());
                assertThat(cl.path("leader").path("epoch").asLong()).isEqualTo(epoch);
                assertThat(cl.path("members")).hasSize(3);
            });
        }
    }

    @Test
    void leaderCutOffFromTheStoreStopsActingBeforeAnotherNodeIsElected() throws Exception {
        String c = newCluster();
        try (TcpProxy proxy = TcpProxy.to(store.host(), store.port())) {
            CoordinatorNode cutOff = node(c, "n1", store.address(proxy.host(), proxy.port()), List.of());
            await().atMost(TTL.plus(MARGIN)).until(() -> cutOff.validTerm().isPresent());
            LeaderTerm oldTerm = cutOff.validTerm().orElseThrow();
            List<CoordinatorNode> others = List.of(node(c, "n2"), node(c, "n3"));
            await().atMost(MARGIN).until(() -> cutOff.haLoop().lastOutcome().kind().name().equals("RENEWED"));
            long cutAt = System.nanoTime();
            proxy.cut();
            await().atMost(TTL.plus(MARGIN)).until(() -> leaders(others).size() == 1);
            LeaderTerm newTerm = leaders(others).getFirst().validTerm().orElseThrow();
            assertThat(cutOff.validTerm()).isEmpty();
            assertThat(newTerm.epoch()).isGreaterThan(oldTerm.epoch());
            assertThat(oldTerm.deadlineNanos()).as("old leader's deadline precedes the new term's acquisition")
                    .isLessThan(newTerm.lease().acquiredAtNanos());
            assertThat(Duration.ofNanos(oldTerm.deadlineNanos() - cutAt)).isLessThanOrEqualTo(TTL);
        }
    }

    @Test
    void epochsStrictlyIncreaseAcrossGracefulHandovers() throws Exception {
        String c = newCluster();
        List<CoordinatorNode> nodes = new ArrayList<>(List.of(node(c, "n1"), node(c, "n2")));
        long last = 0;
        for (int i = 0; i < 4; i++) {
            await().atMost(TTL.plus(MARGIN)).until(() -> leaders(nodes).size() == 1);
            CoordinatorNode leader = leaders(nodes).getFirst();
            long epoch = leader.validTerm().orElseThrow().epoch();
            assertThat(epoch).isGreaterThan(last);
            last = epoch;
            leader.close();
            nodes.remove(leader);
            nodes.add(node(c, "n" + (i + 3)));
        }
    }

    @Test
    void aStaleTermsFencedPostgresWriteIsRefused() throws Exception {
        try (PostgresServer pg = TestServers.postgres(); TcpProxy proxy = TcpProxy.to(store.host(), store.port())) {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(pg.jdbcUrl());
            ds.setUser(pg.user());
            ds.setPassword(pg.password());
            Fence fence = new Fence(ds, "orders");
            try (var conn = ds.getConnection(); var st = conn.createStatement()) {
                st.execute("CREATE TABLE writes (epoch bigint, node text)");
            }
            String c = newCluster();
            FenceKeeper k1 = new FenceKeeper(fence, SETTINGS.renewInterval(), SETTINGS.commandTimeout());
            CoordinatorNode n1 = node(c, "n1", store.address(proxy.host(), proxy.port()), List.of(k1));
            await().atMost(TTL.plus(MARGIN)).until(() -> n1.validTerm().isPresent());
            long e1 = n1.validTerm().orElseThrow().epoch();
            await().atMost(MARGIN).until(() -> k1.heldEpoch() == e1);
            assertThat(write(fence, e1, "n1")).isEqualTo(1);

            proxy.cut(); // n1 is cut off from the store but still reaches PostgreSQL
            FenceKeeper k2 = new FenceKeeper(fence, SETTINGS.renewInterval(), SETTINGS.commandTimeout());
            CoordinatorNode n2 = node(c, "n2", store.address(), List.of(k2));
            await().atMost(TTL.plus(MARGIN)).until(() -> n2.validTerm().isPresent());
            long e2 = n2.validTerm().orElseThrow().epoch();
            await().atMost(MARGIN).until(() -> k2.heldEpoch() == e2);

            assertThatThrownBy(() -> write(fence, e1, "n1")).isInstanceOf(StaleEpochException.class);
            assertThat(write(fence, e2, "n2")).isEqualTo(1);
            try (var conn = ds.getConnection(); var st = conn.createStatement();
                 var rs = st.executeQuery("SELECT count(*) FROM writes WHERE epoch = " + e1)) {
                rs.next();
                assertThat(rs.getLong(1)).as("only the write made while term " + e1 + " was current").isEqualTo(1);
            }
        }
    }

    @Test
    void theCanaryWritesThroughTheFenceAndTheEventLogRecordsTheTermAndEveryOutcome() throws Exception {
        java.nio.file.Path log = java.nio.file.Files.createTempFile("events", ".jsonl");
        try (PostgresServer pg = TestServers.postgres()) {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(pg.jdbcUrl());
            ds.setUser(pg.user());
            ds.setPassword(pg.password());
            Fence fence = new Fence(ds, "canary");
            EventLog events = new EventLog(log, "n1", NanoClock.SYSTEM, Clock.systemUTC());
            String c = newCluster();
            BackendOptions bo = new BackendOptions(c, "n1", SETTINGS, Duration.ofSeconds(2), NanoClock.SYSTEM,
                    Clock.systemUTC());
            CoordinatorNode n = new CoordinatorNode(new NodeOptions(c, "n1", "127.0.0.1", 0, null, SETTINGS,
                    Duration.ofMillis(400)), store.open(store.address(), bo), new NodeExtras(List.of(
                    new FenceKeeper(fence, SETTINGS.renewInterval(), SETTINGS.commandTimeout()),
                    new io.hacoord.coordinator.fence.FenceCanary(fence, Duration.ofMillis(50),
                            events::fencedWrite)), List.of(events), List.of(events)), NanoClock.SYSTEM,
                    Clock.systemUTC());
            n.start();
            try {
                await().atMost(TTL.plus(MARGIN)).until(() -> java.nio.file.Files.readString(log)
                        .contains("\"outcome\":\"acknowledged\""));
                long epoch = n.validTerm().orElseThrow().epoch();
                await().atMost(MARGIN).until(() -> java.nio.file.Files.readString(log).contains("\"renewed\""));
            } finally {
                n.close();
            }
            List<JsonNode> lines = new ArrayList<>();
            for (String line : java.nio.file.Files.readAllLines(log)) {
                lines.add(Json.MAPPER.readTree(line));
            }
            JsonNode leader = lines.stream().filter(l -> l.path("type").asText().equals("leader")).findFirst()
                    .orElseThrow();
            JsonNode down = lines.stream().filter(l -> l.path("type").asText().equals("stepdown")).findFirst()
                    .orElseThrow();
            assertThat(leader.path("from").asLong()).isLessThan(leader.path("until").asLong());
            assertThat(down.path("until").asLong()).isGreaterThan(leader.path("from").asLong());
            long acknowledged = lines.stream().filter(l -> l.path("outcome").asText().equals("acknowledged"))
                    .count();
            try (var conn = ds.getConnection(); var st = conn.createStatement();
                 var rs = st.executeQuery("SELECT count(*), min(epoch), max(epoch) FROM hacoord_fence_canary")) {
                rs.next();
                assertThat(rs.getLong(1)).as("every acknowledged write is in the table").isGreaterThanOrEqualTo(
                        acknowledged).isPositive();
                assertThat(rs.getLong(2)).isEqualTo(leader.path("epoch").asLong());
            }
        } finally {
            java.nio.file.Files.deleteIfExists(log);
        }
    }

    private static int write(Fence fence, long epoch, String node) throws Exception {
        return fence.inTransaction(epoch, conn -> {
            try (var ps = conn.prepareStatement("INSERT INTO writes VALUES (?, ?)")) {
                ps.setLong(1, epoch);
                ps.setString(2, node);
                return ps.executeUpdate();
            }
        });
    }

    @Test
    void theHttpApiAnswersOperatorsAndRefusesBadRequestsWithAReason() throws Exception {
        String c = newCluster();
        CoordinatorNode leader = node(c, "n1");
        await().atMost(TTL.plus(MARGIN)).until(() -> leader.validTerm().isPresent());
        CoordinatorNode follower = node(c, "n2");
        long epoch = leader.validTerm().orElseThrow().epoch();

        JsonNode l = json(leader, "/leader");
        assertThat(l.path("node").asText()).isEqualTo("n1");
        assertThat(l.path("epoch").asLong()).isEqualTo(epoch);
        HttpResponse<String> notLeader = get(follower, "/leader");
        assertThat(notLeader.statusCode()).isEqualTo(503);
        assertThat(Json.MAPPER.readTree(notLeader.body()).path("error").asText()).isEqualTo("not leader");

        await().atMost(MARGIN).untilAsserted(() -> {
            JsonNode cl = json(follower, "/cluster");
            assertThat(cl.path("cluster").asText()).isEqualTo(c);
            assertThat(cl.path("leader").path("since").asText()).isNotEmpty();
            assertThat(cl.path("members")).hasSize(2);
            for (JsonNode m : cl.path("members")) {
                assertThat(m.has("node") && m.has("role") && m.has("api") && m.has("lastSeenMs")).isTrue();
            }
            assertThat(cl.path("source").asText()).isEqualTo("snapshot");
        });
        assertThat(get(follower, "/health").statusCode()).isEqualTo(200);
        assertThat(json(follower, "/ready").path("ready").asBoolean()).isTrue();
        JsonNode history = json(follower, "/history");
        assertThat(history.path("terms").get(0).path("epoch").asLong()).isEqualTo(epoch);
        assertThat(history.path("terms").get(0).path("startReason").asText()).startsWith("elected");
        String metrics = get(leader, "/metrics").body();
        java.util.regex.Matcher epochLine = java.util.regex.Pattern.compile("hacoord_epoch\\{[^}]*\\} (\\S+)")
                .matcher(metrics);
        assertThat(epochLine.find()).isTrue();
        assertThat((long) Double.parseDouble(epochLine.group(1))).isEqualTo(epoch);
        assertThat(metrics).containsPattern("hacoord_leader\\{[^}]*\\} 1\\.0")
                .contains("hacoord_renew_latency_seconds").contains("hacoord_elections_won_total");

        java.io.StringWriter table = new java.io.StringWriter();
        int code = io.hacoord.coordinator.cli.Main.execute(new java.io.PrintWriter(table, true),
                new java.io.PrintWriter(new java.io.StringWriter(), true), "status", "--url",
                "http://127.0.0.1:" + follower.apiPort());
        assertThat(code).isZero();
        assertThat(table.toString()).contains("Leader: n1 (epoch " + epoch).contains("| n1     | leader ")
                .contains("| n2     | follower ");

        HttpResponse<String> unknown = get(leader, "/nope");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no such endpoint: /nope");
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + leader.apiPort() + "/leader")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.body()).contains("method POST is not allowed");
        HttpResponse<String> bad = get(leader, "/history?limit=lots");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("parameter 'limit' must be an integer");
    }

    @Test
    void aStoppedLeaderHandsOverAndTheHistoryShowsWhy() throws Exception {
        String c = newCluster();
        CoordinatorNode n1 = node(c, "n1");
        await().atMost(TTL.plus(MARGIN)).until(() -> n1.validTerm().isPresent());
        long e1 = n1.validTerm().orElseThrow().epoch();
        CoordinatorNode n2 = node(c, "n2");
        await().atMost(MARGIN).until(() -> n2.haLoop().lastOutcome().kind().name().equals("FOLLOWING"));
        n1.close();
        long closedAt = System.nanoTime();
        await().atMost(MARGIN).pollInterval(Duration.ofMillis(5)).until(() -> n2.validTerm().isPresent());
        assertThat(Duration.ofNanos(n2.validTerm().orElseThrow().lease().acquiredAtNanos() - closedAt))
                .as("a released lease is taken at once, not after the TTL").isLessThan(Duration.ofSeconds(1));
        JsonNode terms = json(n2, "/history").path("terms");
        assertThat(terms.get(1).path("epoch").asLong()).isEqualTo(e1);
        assertThat(terms.get(1).path("endReason").asText()).isEqualTo("shutdown: the node is stopping");
        Optional<LeaderTerm> t = n2.validTerm();
        assertThat(terms.get(0).path("epoch").asLong()).isEqualTo(t.orElseThrow().epoch());
    }
}
