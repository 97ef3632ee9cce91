package io.hacoord.replication.redis;

import io.hacoord.replication.LagSample;
import io.hacoord.replication.ProbeTimeout;
import io.hacoord.replication.lag.LagSource;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The replication of one Redis master and its replicas: {@code INFO replication} on every endpoint,
 * concurrently, each bounded by the probe timeout.
 */
public final class RedisReplication implements LagSource, AutoCloseable {

    private final List<RedisEndpoint> endpoints;
    private final InstantSource clock;
    private final RedisConnections connections;
    private final ProbeTimeout probeTimeout;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public RedisReplication(List<RedisEndpoint> endpoints, Duration probeTimeout, InstantSource clock) {
        this.endpoints = List.copyOf(endpoints);
        if (this.endpoints.stream().map(RedisEndpoint::name).distinct().count() != this.endpoints.size()) {
            throw new IllegalArgumentException("endpoint names must be unique: " + this.endpoints);
        }
        this.clock = clock;
        this.connections = new RedisConnections(probeTimeout);
        this.probeTimeout = new ProbeTimeout(probeTimeout);
    }

    public RedisConnections connections() {
        return connections;
    }

    public RedisNodeStatus probe(RedisEndpoint endpoint) {
        try {
            String info = probeTimeout.run("Redis " + endpoint.name() + " (" + endpoint.host() + ":" + endpoint.port()
                    + ")", () -> connections.commands(endpoint).info("replication"));
            return RedisNodeStatus.parse(endpoint, info);
        } catch (ProbeTimeout.ProbeFailedException e) {
            return new RedisNodeStatus.Unreachable(endpoint, e.getMessage());
        }
    }

    public RedisClusterView observe() {
        Instant at = clock.instant();
        List<Future<RedisNodeStatus>> futures = endpoints.stream().map(e -> executor.submit(() -> probe(e))).toList();
        List<RedisNodeStatus> nodes = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            try {
                nodes.add(futures.get(i).get()); // bounded: probe() answers within its timeout
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                nodes.add(new RedisNodeStatus.Unreachable(endpoints.get(i), "interrupted"));
            } catch (ExecutionException e) {
                nodes.add(new RedisNodeStatus.Unreachable(endpoints.get(i), String.valueOf(e.getCause().getMessage())));
            }
        }
        return new RedisClusterView(nodes, at);
    }

    @Override
    public List<LagSample> sample() {
        return observe().lagSamples();
    }

    @Override
    public void close() {
        executor.shutdownNow();
        probeTimeout.close();
        connections.close();
    }
}
