package io.hacoord.testservers;

import java.util.List;
import java.util.function.BooleanSupplier;

/** A {@code redis:7} container (see {@link DockerContainer} for why this path is untested here). */
final class ContainerRedisServer implements RedisServer {

    private static final String HOST = "127.0.0.1";

    private final DockerContainer container;

    private ContainerRedisServer(DockerContainer container) {
        this.container = container;
    }

    static RedisServer launch() {
        DockerContainer container = DockerContainer.start("redis:7", 6379,
                List.of("redis-server", "--save", "", "--appendonly", "no"), List.of(),
                port -> (BooleanSupplier) () -> RedisPing.pong(HOST, port));
        return OpenServers.register(new ContainerRedisServer(container));
    }

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public int port() {
        return container.hostPort();
    }

    @Override
    public String uri() {
        return "redis://" + HOST + ":" + port();
    }

    @Override
    public RedisServer startReplica() {
        throw new UnsupportedOperationException("the Testcontainers Redis provider cannot make replicas");
    }

    @Override
    public void stop() {
        container.stop();
    }

    @Override
    public void start() {
        container.start();
    }

    @Override
    public void close() {
        container.close();
        OpenServers.unregister(this);
    }
}
