package io.hacoord.testservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.curator.test.TestingServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One in-process ZooKeeper server: Curator's {@link TestingServer}. */
final class CuratorZooKeeperServer implements ZooKeeperServer {

    private static final Logger LOG = LoggerFactory.getLogger(CuratorZooKeeperServer.class);

    private final ServerDirectory dir;
    private final TestingServer server;
    private boolean closed;

    private CuratorZooKeeperServer(ServerDirectory dir, TestingServer server) {
        this.dir = dir;
        this.server = server;
    }

    static ZooKeeperServer launch() {
        ServerDirectory dir = ServerDirectory.create("zookeeper");
        try {
            // In-process: the "server process" is this JVM, so a stale directory only needs deleting.
            TestingServer server = new TestingServer(ZooKeeperSpecs.spec(dir.resolve("data").toFile(), 1), true);
            LOG.info("Started in-process ZooKeeper on {} in {}", server.getConnectString(), dir.path());
            return OpenServers.register(new CuratorZooKeeperServer(dir, server));
        } catch (Exception e) {
            dir.delete();
            throw new IllegalStateException("cannot start an in-process ZooKeeper in " + dir.path(), e);
        }
    }

    @Override
    public String connectString() {
        return server.getConnectString();
    }

    @Override
    public synchronized void stop() {
        requireOpen();
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop ZooKeeper on " + connectString(), e);
        }
    }

    @Override
    public synchronized void restart() {
        requireOpen();
        try {
            server.restart();
        } catch (Exception e) {
            throw new IllegalStateException("cannot restart ZooKeeper on " + connectString(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.warn("Cannot close ZooKeeper on {} cleanly", connectString(), e);
        }
        OpenServers.unregister(this);
        dir.delete();
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("ZooKeeper on " + connectString() + " is closed");
        }
    }

    @Override
    public String toString() {
        return "CuratorZooKeeperServer[" + connectString() + ", " + dir.path() + "]";
    }
}
