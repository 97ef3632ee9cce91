package io.hacoord.coordinator.store.redis;

import io.hacoord.coordinator.store.Backend;
import io.hacoord.coordinator.store.BackendContractTest;
import io.hacoord.coordinator.store.BackendOptions;
import io.hacoord.testservers.RedisServer;
import io.hacoord.testservers.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The backend contract, proven against a real redis-server started by the test harness. */
class RedisBackendTest extends BackendContractTest {

    private static RedisServer server;

    @BeforeAll
    static void startRedis() throws Exception {
        server = TestServers.redis();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected boolean reportsSilentLinkAsInterrupted() {
        return false;
    }

    @Override
    protected String address(String host, int port) {
        return "redis://" + host + ":" + port;
    }

    @Override
    protected String serverHost() {
        return server.host();
    }

    @Override
    protected int serverPort() {
        return server.port();
    }

    @Override
    protected Backend open(String address, BackendOptions options) {
        return new RedisBackend(address, options);
    }
}
