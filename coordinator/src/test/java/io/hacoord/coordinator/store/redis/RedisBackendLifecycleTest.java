package io.hacoord.coordinator.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hacoord.coordinator.election.ElectionSettings;
import io.hacoord.coordinator.store.BackendOptions;
import io.hacoord.coordinator.store.StoreException;
import io.hacoord.coordinator.time.NanoClock;
import io.hacoord.testservers.RedisServer;
import io.hacoord.testservers.TestServers;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Opening and closing a {@link RedisBackend}, against a real redis-server started by the test harness. */
class RedisBackendLifecycleTest {

    private static final ElectionSettings SETTINGS = ElectionSettings.defaultsFor(Duration.ofSeconds(2));

    private static RedisServer server;

    @BeforeAll
    static void startRedis() {
        server = TestServers.redis();
    }

    @AfterAll
    static void stopRedis() {
        if (server != null) {
            server.close();
        }
    }

    private static RedisBackend open(String nodeId) {
        return new RedisBackend(server.uri(), new BackendOptions("c" + Long.toHexString(System.nanoTime()), nodeId,
                SETTINGS, Duration.ofSeconds(3), NanoClock.SYSTEM, Clock.systemUTC()));
    }

    @Test
    void backendOpenedWhileRedisIsDownFailsCallsUntilRedisComesUp() throws Exception {
        server.stop();
        try (RedisBackend backend = open("n1")) {
            assertThat(backend.isConnected()).isFalse();
            assertThatThrownBy(() -> backend.election().tryAcquire()).isInstanceOf(StoreException.class);
            assertThatThrownBy(() -> backend.store().members()).isInstanceOf(StoreException.class);
            server.start();
            await().atMost(Duration.ofSeconds(5)).until(backend::isConnected);
            assertThat(backend.election().tryAcquire()).isPresent();
        } finally {
            server.start();
        }
    }

    @Test
    void closeIsIdempotentAndQuick() {
        RedisBackend backend = open("n1");
        assertThat(backend.name()).isEqualTo("redis");
        assertThat(backend.isConnected()).isTrue();
        long start = System.nanoTime();
        backend.close();
        backend.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
        assertThat(backend.isConnected()).isFalse();
    }
}
