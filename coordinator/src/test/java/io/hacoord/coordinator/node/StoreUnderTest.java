package io.hacoord.coordinator.node;

import io.hacoord.coordinator.config.BackendKind;
import io.hacoord.coordinator.store.Backend;
import io.hacoord.coordinator.store.BackendOptions;
import io.hacoord.coordinator.store.redis.RedisBackend;
import io.hacoord.coordinator.store.zookeeper.ZooKeeperBackend;
import io.hacoord.testservers.RedisServer;
import io.hacoord.testservers.TestServers;
import io.hacoord.testservers.ZooKeeperServer;

/** A real coordination store started by the shared harness, and how to reach it; one per backend. */
interface StoreUnderTest extends AutoCloseable {

    BackendKind kind();

    String host();

    int port();

    /** The client address of the store at host:port (direct, or a proxy in front of it). */
    String address(String host, int port);

    default String address() {
        return address(host(), port());
    }

    default Backend open(String address, BackendOptions options) {
        return switch (kind()) {
            case REDIS -> new RedisBackend(address, options);
            case ZOOKEEPER -> new ZooKeeperBackend(address, options);
        };
    }

    @Override
    void close();

    static StoreUnderTest redis() {
        RedisServer server = TestServers.redis();
        return new StoreUnderTest() {
            public BackendKind kind() {
                return BackendKind.REDIS;
            }

            public String host() {
                return server.host();
            }

            public int port() {
                return server.port();
            }

            public String address(String host, int port) {
                return "redis://" + host + ":" + port;
            }

            public void close() {
                server.close();
            }
        };
    }

    static StoreUnderTest zookeeper() {
        ZooKeeperServer server = TestServers.zookeeper();
        String cs = server.connectString();
        int colon = cs.lastIndexOf(':');
        return new StoreUnderTest() {
            public BackendKind kind() {
                return BackendKind.ZOOKEEPER;
            }

            public String host() {
                return cs.substring(0, colon);
            }

            public int port() {
                return Integer.parseInt(cs.substring(colon + 1));
            }

            public String address(String host, int port) {
                return host + ":" + port;
            }

            public void close() {
                server.close();
            }
        };
    }
}
