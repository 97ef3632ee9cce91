package io.hacoord.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hacoord.replication.postgres.PostgresClusterView;
import io.hacoord.replication.postgres.PostgresEndpoint;
import io.hacoord.replication.postgres.PostgresNodeStatus;
import io.hacoord.replication.postgres.PostgresReplication;
import io.hacoord.replication.redis.RedisEndpoint;
import io.hacoord.replication.redis.RedisNodeStatus;
import io.hacoord.replication.redis.RedisReplication;
import io.hacoord.testservers.PostgresServer;
import io.hacoord.testservers.RedisServer;
import io.hacoord.testservers.TcpProxy;
import io.hacoord.testservers.TestServers;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Servers that are down, or behind a link cut with a proxy that holds every byte: the probes answer
 * "unreachable" within their timeout instead of hanging.
 */
class UnreachableEndpointTest {

    private static final Duration TIMEOUT = Duration.ofMillis(1_500);
    private static final Duration SLACK = Duration.ofMillis(1_000);

    @Test
    void postgresBehindACutLinkIsUnreachableWithinTheProbeTimeoutAndItsLagUnknown() {
        try (PostgresServer primary = TestServers.postgres(); TcpProxy proxy = TcpProxy.to(primary.host(), primary.port());
             PostgresReplication replication = new PostgresReplication(List.of(
                     PostgresEndpoint.of("pg-0", primary.host(), primary.port(), primary.user(), primary.password()),
                     PostgresEndpoint.of("pg-1", proxy.host(), proxy.port(), primary.user(), primary.password())),
                     TIMEOUT, InstantSource.system())) {
            assertThat(replication.observe().node("pg-1").orElseThrow()).isInstanceOf(PostgresNodeStatus.Primary.class);

            proxy.cut();
            long start = System.nanoTime();
            PostgresClusterView view = replication.observe();
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).isLessThan(TIMEOUT.plus(SLACK));
            assertThat(view.node("pg-1").orElseThrow()).isInstanceOfSatisfying(PostgresNodeStatus.Unreachable.class,
                    u -> assertThat(u.reason()).contains("PostgreSQL pg-1 (127.0.0.1:" + proxy.port() + ")"));
            LagSample sample = view.lagSamples().stream().filter(s -> s.replica().equals("pg-1")).findFirst().orElseThrow();
            assertThat(sample.state()).isEqualTo(ReplicaState.UNREACHABLE);
            assertThat(sample.lag()).isInstanceOf(Lag.Unknown.class);
            assertThat(((Lag.Unknown) sample.lag()).reason()).startsWith("replica unreachable: ");
        }
    }

    @Test
    void postgresOnAClosedPortIsUnreachableWithinTheProbeTimeout() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (PostgresReplication replication = new PostgresReplication(
                List.of(PostgresEndpoint.of("gone", "127.0.0.1", closedPort, "postgres", "secret-pw")),
                TIMEOUT, InstantSource.system())) {
            long start = System.nanoTime();
            PostgresNodeStatus status = replication.observe().node("gone").orElseThrow();

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plus(SLACK));
            assertThat(status).isInstanceOfSatisfying(PostgresNodeStatus.Unreachable.class,
                    u -> assertThat(u.reason()).startsWith("PostgreSQL gone (127.0.0.1:" + closedPort + "): ")
                            .doesNotContain("secret-pw"));
        }
    }

    @Test
    void redisBehindACutLinkOrStoppedIsUnreachableWithinTheProbeTimeout() {
        try (RedisServer redis = TestServers.redis(); TcpProxy proxy = TcpProxy.to(redis.host(), redis.port());
             RedisReplication replication = new RedisReplication(List.of(RedisEndpoint.of("cut", proxy.host(), proxy.port()),
                     RedisEndpoint.of("stopped", redis.host(), redis.port())), TIMEOUT, InstantSource.system())) {
            // The first Lettuce connect in a cold JVM can take longer than the timeout (event loops, class loading).
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    replication.observe().nodes().stream().allMatch(RedisNodeStatus.Master.class::isInstance));

            proxy.cut();
            redis.stop();
            long start = System.nanoTime();
            List<RedisNodeStatus> nodes = replication.observe().nodes();

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plus(SLACK));
            assertThat(nodes).allSatisfy(n -> assertThat(n).isInstanceOf(RedisNodeStatus.Unreachable.class));
            assertThat(((RedisNodeStatus.Unreachable) nodes.getFirst()).reason()).startsWith("Redis cut (127.0.0.1:");
        }
    }
}
