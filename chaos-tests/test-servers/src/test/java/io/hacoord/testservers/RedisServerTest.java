package io.hacoord.testservers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class RedisServerTest {

    @Test
    void startedServerAnswersPingOnItsOwnFreePort() throws IOException {
        try (RedisServer redis = TestServers.redis()) {
            assertThat(redis.port()).isNotEqualTo(6379);
            assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + redis.port());
            try (RedisTestClient client = new RedisTestClient(redis.host(), redis.port(), 5_000)) {
                assertThat(client.call("PING")).isEqualTo("+PONG");
                assertThat(client.call("SET k v")).isEqualTo("+OK");
            }
        }
    }

    @Test
    void stoppedServerRefusesConnectionsAndStartBringsItBackOnTheSamePort() {
        try (RedisServer redis = TestServers.redis()) {
            int port = redis.port();

            redis.stop();
            assertThatThrownBy(() -> new Socket(redis.host(), port).close()).isInstanceOf(ConnectException.class);

            redis.start();
            assertThat(redis.port()).isEqualTo(port);
            assertThat(RedisTestClient.answersPing(redis.host(), port)).isTrue();
        }
    }

    @Test
    void closeStopsTheServerAndIsIdempotent() {
        RedisServer redis = TestServers.redis();
        int port = redis.port();

        redis.close();
        redis.close();

        assertThat(RedisTestClient.answersPing("127.0.0.1", port)).isFalse();
    }
}
