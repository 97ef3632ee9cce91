package io.hacoord.testservers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An in-process ZooKeeper ensemble: Curator's {@link TestingCluster}. */
final class CuratorZooKeeperEnsemble implements ZooKeeperEnsemble {

    private static final Logger LOG = LoggerFactory.getLogger(CuratorZooKeeperEnsemble.class);

    private final ServerDirectory dir;
    private final List<InstanceSpec> specs;
    private final TestingCluster cluster;
    private boolean closed;

    private CuratorZooKeeperEnsemble(ServerDirectory dir, List<InstanceSpec> specs, TestingCluster cluster) {
        this.dir = dir;
        this.specs = specs;
        this.cluster = cluster;
    }

    static ZooKeeperEnsemble launch(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("an ensemble needs at least one member, not " + size);
        }
        ServerDirectory dir = ServerDirectory.create("zookeeper-ensemble");
        List<InstanceSpec> specs = new ArrayList<>();
        for (int id = 1; id <= size; id++) {
            specs.add(ZooKeeperSpecs.spec(dir.resolve("member-" + id).toFile(), id));
        }
        TestingCluster cluster = new TestingCluster(specs);
        try {
            cluster.start();
        } catch (Exception e) {
            closeQuietly(cluster);
            dir.delete();
            throw new IllegalStateException("cannot start an in-process ZooKeeper ensemble of " + size, e);
        }
        LOG.info("Started in-process ZooKeeper ensemble {} in {}", cluster.getConnectString(), dir.path());
        return OpenServers.register(new CuratorZooKeeperEnsemble(dir, List.copyOf(specs), cluster));
    }

    @Override
    public String connectString() {
        return cluster.getConnectString();
    }

    @Override
    public List<String> members() {
        return specs.stream().map(spec -> spec.getHostname() + ":" + spec.getPort()).toList();
    }

    @Override
    public synchronized void killMember(int index) {
        requireOpen();
        try {
            if (!cluster.killServer(specs.get(index))) {
                throw new IllegalStateException("member " + index + " of " + connectString() + " was not running");
            }
        } catch (Exception e) {
            throw e instanceof RuntimeException re ? re
                    : new IllegalStateException("cannot kill member " + index + " of " + connectString(), e);
        }
    }

    @Override
    public synchronized void restartMember(int index) {
        requireOpen();
        try {
            if (!cluster.restartServer(specs.get(index))) {
                throw new IllegalStateException("member " + index + " of " + connectString() + " is unknown");
            }
        } catch (Exception e) {
            throw e instanceof RuntimeException re ? re
                    : new IllegalStateException("cannot restart member " + index + " of " + connectString(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(cluster);
        OpenServers.unregister(this);
        dir.delete();
    }

    private static void closeQuietly(TestingCluster cluster) {
        try {
            cluster.close();
        } catch (IOException e) {
            LOG.warn("Cannot close the ZooKeeper ensemble cleanly", e);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("ZooKeeper ensemble " + connectString() + " is closed");
        }
    }

    @Override
    public String toString() {
        return "CuratorZooKeeperEnsemble[" + connectString() + ", " + dir.path() + "]";
    }
}
