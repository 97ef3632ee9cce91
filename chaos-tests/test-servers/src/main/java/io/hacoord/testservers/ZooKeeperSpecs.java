package io.hacoord.testservers;

import java.io.File;
import java.util.Map;
import org.apache.curator.test.InstanceSpec;

/** Curator {@link InstanceSpec}s with the harness's tick time and session limits. */
final class ZooKeeperSpecs {

    private static final String HOST = "127.0.0.1";

    private ZooKeeperSpecs() {}

    /**
     * A spec whose data lives in {@code dataDir}. The sync and init limits are raised in ticks so that a
     * short tick does not make followers drop out of the quorum on a busy two-core machine.
     */
    static InstanceSpec spec(File dataDir, int serverId) {
        // Strings only: ZooKeeper's embedded server stores these as java.util.Properties.
        Map<String, Object> properties = Map.of(
                "minSessionTimeout", Integer.toString(TestServers.ZK_MIN_SESSION_TIMEOUT_MS),
                "maxSessionTimeout", Integer.toString(TestServers.ZK_MAX_SESSION_TIMEOUT_MS),
                "initLimit", "100",
                "syncLimit", "50",
                "admin.enableServer", "false");
        if (!dataDir.isDirectory() && !dataDir.mkdirs()) {
            throw new IllegalStateException("cannot create ZooKeeper data directory " + dataDir);
        }
        int[] ports = FreePorts.pickDistinct(3); // client, election, quorum
        return new InstanceSpec(dataDir, ports[0], ports[1], ports[2], false, serverId,
                TestServers.ZK_TICK_TIME_MS, 0, properties, HOST);
    }
}
