package io.hacoord.coordinator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hacoord.coordinator.election.ElectionSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static final String FULL = """
            cluster: demo
            node:
              id: node-1
              listen: 127.0.0.1:8081
              advertise: http://10.0.0.5:8081
            election:
              backend: redis
              redis: redis://127.0.0.1:6379
              timeout: 6s
              renewInterval: 1500ms
              renewDeadline: 4s
            membership:
              heartbeatInterval: 1s
              ttl: 3s
            fence:
              postgres: jdbc:postgresql://127.0.0.1:5432/app
              user: app
              password: hunter2-secret
              resource: orders
            api:
              token: tok-s3cret-value
            """;

    /** The smallest valid file: every optional value left to its default. */
    private static final String MINIMAL = """
            cluster: demo
            node:
              id: node-1
              listen: 127.0.0.1:8081
            election:
              backend: zookeeper
              zookeeper: 127.0.0.1:2181
              timeout: 6s
            """;

    @Test
    void fullFileParsesIntoEveryRecord() throws Exception {
        CoordinatorConfig config = ConfigLoader.parse(FULL, Map.of());

        assertThat(config.cluster()).isEqualTo("demo");
        assertThat(config.node()).isEqualTo(new NodeConfig("node-1", "127.0.0.1", 8081, "http://10.0.0.5:8081"));
        assertThat(config.election().backend()).isEqualTo(BackendKind.REDIS);
        assertThat(config.election().address()).isEqualTo("redis://127.0.0.1:6379");
        assertThat(config.election().settings()).isEqualTo(new ElectionSettings(Duration.ofSeconds(6),
                Duration.ofMillis(1500), Duration.ofSeconds(4), Duration.ofMillis(750)));
        assertThat(config.membership()).isEqualTo(new MembershipConfig(Duration.ofSeconds(1), Duration.ofSeconds(3)));
        assertThat(config.fence()).isEqualTo(new FenceConfig("jdbc:postgresql://127.0.0.1:5432/app", "app",
                "hunter2-secret", "orders"));
        assertThat(config.api().token()).isEqualTo("tok-s3cret-value");
    }

    @Test
    void omittedValuesTakeTheirDerivedDefaults() throws Exception {
        CoordinatorConfig config = ConfigLoader.parse(MINIMAL, Map.of());

        ElectionSettings settings = config.election().settings();
        assertThat(settings.ttl()).isEqualTo(Duration.ofSeconds(6));
        assertThat(settings.renewInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.renewDeadline()).isEqualTo(Duration.ofSeconds(4));
        assertThat(settings).isEqualTo(ElectionSettings.defaultsFor(Duration.ofSeconds(6)));
        assertThat(config.election().address()).isEqualTo("127.0.0.1:2181");
        assertThat(config.membership()).isEqualTo(new MembershipConfig(Duration.ofSeconds(2), Duration.ofSeconds(6)));
        assertThat(config.node().advertiseUrl()).isEqualTo("http://127.0.0.1:8081");
        assertThat(config.fence()).isNull();
        assertThat(config.api().token()).isNull();
        assertThat(config.api().mutationsEnabled()).isFalse();
    }

    @Test
    void aRedisUriThePasswordMakesUnparseableIsRefusedWithoutQuotingThePassword() {
        String yaml = MINIMAL.replace("backend: zookeeper", "backend: redis\n  redis: redis://:s3cr^et-pw@redis:6379");

        assertThatThrownBy(() -> ConfigLoader.parse(yaml, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("election.redis")
                .hasMessageContaining("is not a valid Redis URI")
                .hasMessageNotContaining("s3cr^et-pw");
    }

    @Test
    void fenceResourceDefaultsToTheClusterName() throws Exception {
        String yaml = MINIMAL + "fence:\n  postgres: jdbc:postgresql://db:5432/app\n";

        assertThat(ConfigLoader.parse(yaml, Map.of()).fence().resource()).isEqualTo("demo");
    }

    @Test
    void wildcardListenAdvertisesTheHostName() throws Exception {
        String yaml = MINIMAL.replace("127.0.0.1:8081", "0.0.0.0:8081");

        NodeConfig node = ConfigLoader.parse(yaml, Map.of("HOSTNAME", "hacoord-1")).node();

        assertThat(node.listenHost()).isEqualTo("0.0.0.0");
        assertThat(node.advertiseUrl()).isEqualTo("http://hacoord-1:8081");
    }

    @Test
    void environmentWinsOverTheFile() throws Exception {
        Map<String, String> env = Map.of(
                "HACOORD_CLUSTER", "prod",
                "HACOORD_NODE_LISTEN", "10.1.1.1:9000",
                "HACOORD_ELECTION_TIMEOUT", "9s",
                "HACOORD_ELECTION_RENEW_INTERVAL", "2s",
                "HACOORD_MEMBERSHIP_HEARTBEAT_INTERVAL", "500ms",
                "HACOORD_FENCE_PASSWORD", "from-env",
                "HACOORD_API_TOKEN", "env-token");

        CoordinatorConfig config = ConfigLoader.parse(FULL, env);

        assertThat(config.cluster()).isEqualTo("prod");
        assertThat(config.node().listenHost()).isEqualTo("10.1.1.1");
        assertThat(config.node().listenPort()).isEqualTo(9000);
        assertThat(config.election().settings().ttl()).isEqualTo(Duration.ofSeconds(9));
        assertThat(config.election().settings().renewInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.membership().heartbeatInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.fence().password()).isEqualTo("from-env");
        assertThat(config.api().token()).isEqualTo("env-token");
    }

    @Test
    void nodeIdCanComeFromTheEnvironmentAlone() throws Exception {
        String withoutId = MINIMAL.replace("  id: node-1\n", "");

        CoordinatorConfig config = ConfigLoader.parse(withoutId, Map.of("HACOORD_NODE_ID", "hacoord-2"));

        assertThat(config.node().id()).isEqualTo("hacoord-2");
    }

    @Test
    void anEmptyFileIsEnoughWhenTheEnvironmentHasEverything() throws Exception {
        Map<String, String> env = Map.of("HACOORD_CLUSTER", "demo", "HACOORD_NODE_ID", "n1",
                "HACOORD_NODE_LISTEN", "127.0.0.1:8081", "HACOORD_ELECTION_BACKEND", "redis",
                "HACOORD_ELECTION_REDIS", "rediss://cache:6380", "HACOORD_ELECTION_TIMEOUT", "PT3S");

        CoordinatorConfig config = ConfigLoader.parse("", env);

        assertThat(config.election().address()).isEqualTo("rediss://cache:6380");
        assertThat(config.election().settings().ttl()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void everyProblemInTheFileIsListedInOneException() {
        String yaml = """
                cluster: demo
                node:
                  id: node-1
                  listen: localhost
                election:
                  backend: redis
                  redis: http://127.0.0.1:6379
                  timeout: 5s
                  tmeout: 5s
                  renewInterval: 1.5s
                membership:
                  heartbeatInterval: 1s
                  ttl: 1s
                colour: blue
                """;

        assertThatThrownBy(() -> ConfigLoader.parse(yaml, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).containsExactlyInAnyOrder(
                            "unknown key election.tmeout (did you mean election.timeout?)",
                            "unknown key colour",
                            "node.listen: 'localhost' is not host:port with a port from 1 to 65535 "
                                    + "(e.g. 127.0.0.1:8081)",
                            "election.redis: 'http://127.0.0.1:6379' must start with redis:// or rediss://",
                            "election.renewInterval: '1.5s' is not a duration; " + Durations.FORMAT_HINT,
                            "membership.ttl 1000ms must be greater than membership.heartbeatInterval 1000ms: "
                                    + "members would be dropped between two heartbeats");
                    assertThat(e.getMessage()).isEqualTo(String.join("\n", e.problems()));
                });
    }

    @Test
    void missingRequiredKeysAreAllNamed() {
        assertThatThrownBy(() -> ConfigLoader.parse("", Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .anyMatch(p -> p.startsWith("cluster is required"))
                        .anyMatch(p -> p.startsWith("node.id is required") && p.contains("HACOORD_NODE_ID"))
                        .anyMatch(p -> p.startsWith("node.listen is required"))
                        .anyMatch(p -> p.startsWith("election.backend is required"))
                        .anyMatch(p -> p.startsWith("election.timeout is required")));
    }

    @Test
    void missingTimeoutIsAnErrorNotASilentDefault() {
        String yaml = MINIMAL.replace("  timeout: 6s\n", "");

        assertThatThrownBy(() -> ConfigLoader.parse(yaml, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().startsWith("election.timeout is required").contains("no default"));
    }

    @Test
    void renewDeadlineAtOrAboveTheTimeoutIsRefusedWithTheReason() {
        String yaml = MINIMAL.replace("  timeout: 6s\n", "  timeout: 6s\n  renewDeadline: 6s\n");

        assertThatThrownBy(() -> ConfigLoader.parse(yaml, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).contains(
                        "election.renewDeadline 6000ms must be below election.timeout 6000ms: a leader would still "
                                + "act after its lease expired and another took over"));
    }

    @Test
    void renewIntervalAboveAThirdOfTheTimeoutIsRefused() {
        String yaml = MINIMAL.replace("  timeout: 6s\n", "  timeout: 6s\n  renewInterval: 3s\n");

        assertThatThrownBy(() -> ConfigLoader.parse(yaml, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .anyMatch(p -> p.startsWith("election.renewInterval 3000ms is more than a third")));
    }

    @Test
    void backendMustBeRedisOrZookeeperAndNeedsItsAddress() {
        String etcd = MINIMAL.replace("backend: zookeeper", "backend: etcd");
        String noAddress = MINIMAL.replace("  zookeeper: 127.0.0.1:2181\n", "");

        assertThatThrownBy(() -> ConfigLoader.parse(etcd, Map.of())).hasMessage(
                "election.backend: 'etcd' is not one of redis, zookeeper");
        assertThatThrownBy(() -> ConfigLoader.parse(noAddress, Map.of())).hasMessage(
                "election.zookeeper is required when election.backend is zookeeper");
    }

    @Test
    void aBadValueFromTheEnvironmentNamesTheVariable() {
        assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL, Map.of("HACOORD_ELECTION_TIMEOUT", "soon")))
                .hasMessage("election.timeout (from HACOORD_ELECTION_TIMEOUT): 'soon' is not a duration; "
                        + Durations.FORMAT_HINT);
    }

    @Test
    void fenceSectionWithoutPostgresIsAnError() {
        String yaml = MINIMAL + "fence:\n  user: app\n";

        assertThatThrownBy(() -> ConfigLoader.parse(yaml, Map.of()))
                .hasMessage("fence.postgres is required when the fence section is configured");
    }

    @Test
    void aMappingWhereAValueBelongsIsAnError() {
        String yaml = MINIMAL.replace("  timeout: 6s\n", "  timeout:\n    seconds: 6\n") + "api: [a, b]\n";

        assertThatThrownBy(() -> ConfigLoader.parse(yaml, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "election.timeout must be a single value, not a mapping",
                        "api must be a mapping of keys, not a list"));
    }

    @Test
    void yamlSyntaxErrorsNameTheLine() {
        String yaml = "cluster: demo\nnode:\n  id: [node-1\n  listen: x\n";

        assertThatThrownBy(() -> ConfigLoader.parse(yaml, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().startsWith("the config file is not valid YAML").containsPattern("line \\d+"));
    }

    @Test
    void aMissingFileIsReportedWithItsPath(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> ConfigLoader.load(missing, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config file not found: " + missing);
    }

    @Test
    void loadReadsTheFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("hacoord.yaml"), FULL);

        assertThat(ConfigLoader.load(file, Map.of())).isEqualTo(ConfigLoader.parse(FULL, Map.of()));
    }

    @Test
    void secretsNeverAppearInToString() throws Exception {
        CoordinatorConfig config = ConfigLoader.parse(FULL.replace("redis://127.0.0.1",
                "redis://:redis-pass@127.0.0.1"), Map.of());

        assertThat(config.toString()).doesNotContain("hunter2-secret", "tok-s3cret-value", "redis-pass")
                .contains("password=***", "token=***");
        assertThat(config.election().address()).contains("redis-pass");
        assertThat(new FenceConfig("jdbc:postgresql://db/app?user=a&password=inurl", null, null, "r").toString())
                .doesNotContain("inurl");
    }

    @Test
    void secretsNeverAppearInErrorMessages() {
        String yaml = FULL
                .replace("password: hunter2-secret", "password: hunter2-secret\n  pasword: hunter2-secret")
                .replace("timeout: 6s", "timeout: hunter2-secret")
                .replace("redis://127.0.0.1:6379", "http://user:hunter2-secret@127.0.0.1:6379")
                .replace("jdbc:postgresql://127.0.0.1:5432/app", "postgres://app:hunter2-secret@db/app")
                .replace("token: tok-s3cret-value", "token:\n    value: tok-s3cret-value");

        assertThatThrownBy(() -> ConfigLoader.parse(yaml, Map.of("HACOORD_API_TOKEN", "tok-s3cret-value")))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).hasSizeGreaterThanOrEqualTo(5)
                            .anyMatch(p -> p.startsWith("unknown key fence.pasword (did you mean fence.password?)"))
                            .anyMatch(p -> p.startsWith("fence.postgres must be a jdbc:postgresql: URL"))
                            .anyMatch(p -> p.startsWith("api.token must be a single value"));
                    assertThat(e.getMessage()).doesNotContain("hunter2-secret", "tok-s3cret-value");
                    assertThat(e.problems()).noneMatch(p -> p.contains("hunter2") || p.contains("s3cret"));
                });
    }

    @Test
    void yamlSyntaxErrorsDoNotQuoteTheSecretLine() {
        String yaml = "fence:\n  password: \"hunter2-secret\n  user: app\n";

        assertThatThrownBy(() -> ConfigLoader.parse(yaml, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.getMessage()).startsWith("the config file is not valid YAML")
                                .doesNotContain("hunter2"));
    }

    @Test
    void environmentVariableNamesSplitCamelCase() {
        assertThat(List.of("cluster", "node.id", "election.renewInterval", "membership.heartbeatInterval",
                "fence.password", "api.token").stream().map(ConfigKeys::envName).toList())
                .containsExactly("HACOORD_CLUSTER", "HACOORD_NODE_ID", "HACOORD_ELECTION_RENEW_INTERVAL",
                        "HACOORD_MEMBERSHIP_HEARTBEAT_INTERVAL", "HACOORD_FENCE_PASSWORD", "HACOORD_API_TOKEN");
    }
}
