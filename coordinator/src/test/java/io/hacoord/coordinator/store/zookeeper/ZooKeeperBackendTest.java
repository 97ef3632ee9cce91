package io.hacoord.coordinator.store.zookeeper;

import io.hacoord.coordinator.store.Backend;
import io.hacoord.coordinator.store.BackendContractTest;
import io.hacoord.coordinator.store.BackendOptions;
import io.hacoord.testservers.TestServers;
import io.hacoord.testservers.ZooKeeperServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The backend contract, proven against a real (in-process) ZooKeeper server. */
class ZooKeeperBackendTest extends BackendContractTest {

    private static ZooKeeperServer server;

    @BeforeAll
    static void startServer() {
        server = TestServers.zookeeper();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Override
    protected boolean reportsSilentLinkAsInterrupted() {
        return true;
    }

    @Override
    protected String address(String host, int port) {
        return host + ":" + port;
    }

    @Override
    protected String serverHost() {
        String cs = server.connectString();
        return cs.substring(0, cs.lastIndexOf(':'));
    }

    @Override
    protected int serverPort() {
        String cs = server.connectString();
        return Integer.parseInt(cs.substring(cs.lastIndexOf(':') + 1));
    }

    @Override
    protected Backend open(String address, BackendOptions options) {
        return new ZooKeeperBackend(address, options);
    }
}
