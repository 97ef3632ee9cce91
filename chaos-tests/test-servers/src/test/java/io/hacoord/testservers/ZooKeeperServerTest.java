package io.hacoord.testservers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryForever;
import org.junit.jupiter.api.Test;

class ZooKeeperServerTest {

    static CuratorFramework client(String connectString, int sessionTimeoutMs) {
        CuratorFramework client = CuratorFrameworkFactory.builder().connectString(connectString)
                .sessionTimeoutMs(sessionTimeoutMs).connectionTimeoutMs(2_000)
                .retryPolicy(new RetryForever(100)).build();
        client.start();
        return client;
    }

    @Test
    void curatorClientConnectsAndGetsTheShortSessionTimeoutItAsks() throws Exception {
        try (ZooKeeperServer zk = TestServers.zookeeper();
                CuratorFramework client = client(zk.connectString(), 1_000)) {
            assertThat(zk.connectString()).startsWith("127.0.0.1:");
            assertThat(client.blockUntilConnected(30, TimeUnit.SECONDS)).isTrue();
            client.create().forPath("/hello", new byte[] {1});

            assertThat(client.checkExists().forPath("/hello")).isNotNull();
            assertThat(client.getZookeeperClient().getZooKeeper().getSessionTimeout()).isEqualTo(1_000);
        }
    }

    @Test
    void serverGrantsALongSessionTimeoutOfSixtySeconds() throws Exception {
        try (ZooKeeperServer zk = TestServers.zookeeper();
                CuratorFramework client = client(zk.connectString(), 60_000)) {
            assertThat(client.blockUntilConnected(30, TimeUnit.SECONDS)).isTrue();

            assertThat(client.getZookeeperClient().getZooKeeper().getSessionTimeout()).isEqualTo(60_000);
        }
    }

    @Test
    void restartAfterStopServesTheSameDataOnTheSameAddress() throws Exception {
        try (ZooKeeperServer zk = TestServers.zookeeper();
                CuratorFramework client = client(zk.connectString(), 10_000)) {
            assertThat(client.blockUntilConnected(30, TimeUnit.SECONDS)).isTrue();
            client.create().forPath("/kept");

            zk.stop();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !client.getZookeeperClient().isConnected());
            zk.restart();

            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> client.checkExists().forPath("/kept") != null);
        }
    }
}
