package io.hacoord.testservers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.Test;

class ZooKeeperEnsembleTest {

    @Test
    void ensembleKeepsServingWithOneMemberKilledAndTheRestartedMemberCatchesUp() throws Exception {
        try (ZooKeeperEnsemble ensemble = TestServers.zookeeperEnsemble(3);
                CuratorFramework client = ZooKeeperServerTest.client(ensemble.connectString(), 10_000)) {
            assertThat(ensemble.members()).hasSize(3);
            assertThat(ensemble.connectString()).isEqualTo(String.join(",", ensemble.members()));
            assertThat(client.blockUntilConnected(60, TimeUnit.SECONDS)).isTrue();

            ensemble.killMember(0);
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> client.create().forPath("/written-while-member-0-was-down") != null);

            ensemble.restartMember(0);
            try (CuratorFramework onlyMember0 = ZooKeeperServerTest.client(ensemble.members().get(0), 10_000)) {
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                    onlyMember0.sync().forPath("/");
                    return onlyMember0.checkExists().forPath("/written-while-member-0-was-down") != null;
                });
            }
        }
    }
}
