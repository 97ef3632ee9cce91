package io.hacoord.chaos;

import io.hacoord.testservers.RedisServer;
import io.hacoord.testservers.TcpProxy;
import io.hacoord.testservers.TestServers;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The coordination store under test, as real processes, with the faults that belong to it. */
sealed interface ChaosStore extends AutoCloseable {

    String backend();

    /** New proxies for one node, one per store endpoint. */
    List<TcpProxy> proxiesForNode();

    /** The {@code election:} part of a node's YAML, reaching the store through {@code proxies}. */
    String electionYaml(List<TcpProxy> proxies, Duration timeout);

    /** Stops the whole store (Redis: the server, which keeps no data; ZooKeeper: every member, losing quorum). */
    void stopAll() throws Exception;

    /** Starts what {@link #stopAll()} stopped and waits until it serves. */
    void startAll() throws Exception;

    /** How many members can be stopped one at a time without losing the store (Redis: 0). */
    int spareMembers();

    /** SIGKILL of member {@code i}. */
    void stopMember(int i) throws Exception;

    /** Restarts member {@code i} and waits until it serves. */
    void startMember(int i) throws Exception;

    @Override
    void close();

    static ChaosStore start(String backend, Path dir) throws IOException {
        return switch (backend) {
            case "redis" -> new Redis(TestServers.redis());
            case "zookeeper" -> Zk.start(dir);
            default -> throw new IllegalArgumentException("no such backend: " + backend);
        };
    }

    /** One {@code redis-server} process. */
    record Redis(RedisServer server) implements ChaosStore {
        public String backend() {
            return "redis";
        }

        public List<TcpProxy> proxiesForNode() {
            return List.of(TcpProxy.to(server.host(), server.port()));
        }

        public String electionYaml(List<TcpProxy> proxies, Duration timeout) {
            TcpProxy p = proxies.getFirst();
            return "election:\n  backend: redis\n  redis: redis://" + p.host() + ":" + p.port() + "\n  timeout: "
                    + timeout.toMillis() + "ms\n";
        }

        public void stopAll() {
            server.stop();
        }

        public void startAll() {
            server.start();
        }

        public int spareMembers() {
            return 0;
        }

        public void stopMember(int i) {
            throw new UnsupportedOperationException("a single redis-server has no spare member");
        }

        public void startMember(int i) {
            throw new UnsupportedOperationException("a single redis-server has no spare member");
        }

        public void close() {
            server.close();
        }
    }

    /** A three-member ensemble of {@code QuorumPeerMain} JVMs. */
    record Zk(ZooKeeperProcesses ensemble) implements ChaosStore {
        static Zk start(Path dir) throws IOException {
            ZooKeeperProcesses z = new ZooKeeperProcesses(dir);
            try {
                z.startAll();
            } catch (IOException | RuntimeException e) {
                z.close();
                throw e;
            }
            return new Zk(z);
        }

        public String backend() {
            return "zookeeper";
        }

        public List<TcpProxy> proxiesForNode() {
            List<TcpProxy> out = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                out.add(TcpProxy.to("127.0.0.1", ensemble.clientPort(i)));
            }
            return out;
        }

        public String electionYaml(List<TcpProxy> proxies, Duration timeout) {
            String connect = proxies.stream().map(p -> p.host() + ":" + p.port()).collect(Collectors.joining(","));
            return "election:\n  backend: zookeeper\n  zookeeper: " + connect + "\n  timeout: " + timeout.toMillis()
                    + "ms\n";
        }

        public void stopAll() throws Exception {
            for (int i = 0; i < 3; i++) {
                ensemble.kill(i);
            }
        }

        public void startAll() throws Exception {
            ensemble.startAll();
        }

        public int spareMembers() {
            return 1;
        }

        public void stopMember(int i) throws Exception {
            ensemble.kill(i);
        }

        public void startMember(int i) throws Exception {
            ensemble.start(i);
            ensemble.awaitServing(i, Duration.ofSeconds(60));
        }

        public void close() {
            ensemble.close();
        }
    }
}
