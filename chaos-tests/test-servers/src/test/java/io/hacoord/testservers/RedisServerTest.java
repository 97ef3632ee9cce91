package io.hacoord.testservers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
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

    @Test
    void replicaCopiesWritesFromItsPrimaryAndClosesWithIt() throws IOException {
        RedisServer replica;
        try (RedisServer primary = TestServers.redis()) {
            replica = primary.startReplica();
            assertThat(replica.port()).isNotEqualTo(primary.port());
            try (RedisTestClient client = new RedisTestClient(primary.host(), primary.port(), 5_000)) {
                assertThat(client.call("SET copied yes")).isEqualTo("+OK");
            }
            try (RedisTestClient client = new RedisTestClient(replica.host(), replica.port(), 5_000)) {
                assertThat(client.call("INFO replication")).startsWith("$");
                assertThat(client.readLine()).isEqualTo("# Replication");
                assertThat(client.readLine()).isEqualTo("role:slave");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                try (RedisTestClient client = new RedisTestClient(replica.host(), replica.port(), 5_000)) {
                    return client.call("GET copied").equals("$3") && client.readLine().equals("yes");
                }
            });
        }
        assertThat(RedisTestClient.answersPing(replica.host(), replica.port())).isFalse();
    }
}
