package io.hacoord.coordinator.cli;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;

/**
 * A single in-process ZooKeeper for the demo. Tick 200 ms so sessions from 400 ms to 60 s are accepted (the
 * coordinator refuses to lead if the server negotiates a shorter session than its election timeout).
 */
final class EmbeddedZooKeeper implements AutoCloseable {

    private final Path dir;
    private final ZooKeeperServer server;
    private final ServerCnxnFactory factory;
    private final int port;

    EmbeddedZooKeeper() throws IOException, InterruptedException {
        System.setProperty("zookeeper.admin.enableServer", "false");
        dir = Files.createTempDirectory("hacoord-demo-zk");
        File data = dir.toFile();
        server = new ZooKeeperServer(data, data, 200);
        server.setMinSessionTimeout(400);
        server.setMaxSessionTimeout(60_000);
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        factory = ServerCnxnFactory.createFactory(new InetSocketAddress("127.0.0.1", port), 100);
        factory.startup(server);
    }

    String connectString() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() throws IOException {
        factory.shutdown();
        server.shutdown();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
