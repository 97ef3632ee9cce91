package io.hacoord.testservers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TcpProxyTest {

    private static RedisServer redis;

    @BeforeAll
    static void startRedis() {
        redis = TestServers.redis();
    }

    @AfterAll
    static void closeRedis() {
        redis.close();
    }

    @Test
    void proxyPassesTrafficToTheServer() throws IOException {
        try (TcpProxy proxy = TcpProxy.to(redis.host(), redis.port());
                RedisTestClient client = new RedisTestClient(proxy.host(), proxy.port(), 5_000)) {
            assertThat(proxy.port()).isNotEqualTo(redis.port());
            assertThat(client.call("PING")).isEqualTo("+PONG");
        }
    }

    @Test
    void cutStopsTrafficOnOpenAndNewConnectionsAndRestoreBringsItBack() throws IOException {
        try (TcpProxy proxy = TcpProxy.to(redis.host(), redis.port());
                RedisTestClient open = new RedisTestClient(proxy.host(), proxy.port(), 500)) {
            assertThat(open.call("PING")).isEqualTo("+PONG");

            proxy.cut();

            // The read timeout is the observation window: no reply may arrive while the link is cut.
            assertThatThrownBy(() -> open.call("PING")).isInstanceOf(SocketTimeoutException.class);
            assertThat(RedisTestClient.answersPing(proxy.host(), proxy.port())).isFalse();

            proxy.restore();

            assertThat(open.readLine()).isEqualTo("+PONG"); // the reply held during the cut
            assertThat(open.call("PING")).isEqualTo("+PONG");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> RedisTestClient.answersPing(proxy.host(), proxy.port()));
        }
    }

    @Test
    void latencyDelaysEveryRoundTripUntilItIsRemoved() throws IOException {
        try (TcpProxy proxy = TcpProxy.to(redis.host(), redis.port());
                RedisTestClient client = new RedisTestClient(proxy.host(), proxy.port(), 5_000)) {
            assertThat(client.call("PING")).isEqualTo("+PONG");
            proxy.setLatency(Duration.ofMillis(150));
            long t0 = System.nanoTime();
            assertThat(client.call("PING")).isEqualTo("+PONG");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
            proxy.setLatency(Duration.ZERO);
            long t1 = System.nanoTime();
            assertThat(client.call("PING")).isEqualTo("+PONG");
            assertThat(Duration.ofNanos(System.nanoTime() - t1)).isLessThan(Duration.ofMillis(150));
        }
    }

    @Test
    void closeIsIdempotent() {
        TcpProxy proxy = TcpProxy.to(redis.host(), redis.port());
        proxy.close();
        proxy.close();

        assertThat(RedisTestClient.answersPing(proxy.host(), proxy.port())).isFalse();
    }
}
