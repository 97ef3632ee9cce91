package io.hacoord.replication.postgres;

import io.hacoord.replication.LagSample;
import io.hacoord.replication.ProbeTimeout;
import io.hacoord.replication.lag.LagSource;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The replication of one PostgreSQL cluster: its endpoints, their pools, and concurrent observation.
 *
 * <p>{@link #observe()} probes every endpoint at once on virtual threads and returns within about one
 * probe timeout, however many endpoints are down.
 */
public final class PostgresReplication implements LagSource, AutoCloseable {

    private final List<PostgresEndpoint> endpoints;
    private final InstantSource clock;
    private final PostgresPools pools;
    private final ProbeTimeout probeTimeout;
    private final PostgresProbe probe;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public PostgresReplication(List<PostgresEndpoint> endpoints, Duration probeTimeout, InstantSource clock) {
        this.endpoints = List.copyOf(endpoints);
        if (this.endpoints.stream().map(PostgresEndpoint::name).distinct().count() != this.endpoints.size()) {
            throw new IllegalArgumentException("endpoint names must be unique: " + this.endpoints);
        }
        this.clock = clock;
        this.pools = new PostgresPools(probeTimeout);
        this.probeTimeout = new ProbeTimeout(probeTimeout);
        this.probe = new PostgresProbe(pools, this.probeTimeout);
    }

    public List<PostgresEndpoint> endpoints() {
        return endpoints;
    }

    public PostgresPools pools() {
        return pools;
    }

    /** A check, through this cluster's pools, of whether a former primary needs a rewind to rejoin. */
    public RejoinCheck rejoinCheck() {
        return new RejoinCheck(pools, probe);
    }

    /** Probes every endpoint concurrently. */
    public PostgresClusterView observe() {
        Instant at = clock.instant();
        List<Future<PostgresNodeStatus>> futures = endpoints.stream()
                .map(e -> executor.submit(() -> probe.probe(e))).toList();
        List<PostgresNodeStatus> nodes = new java.util.ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            nodes.add(await(futures.get(i), endpoints.get(i)));
        }
        return new PostgresClusterView(nodes, at);
    }

    private static PostgresNodeStatus await(Future<PostgresNodeStatus> future, PostgresEndpoint endpoint) {
        try {
            return future.get(); // bounded: the probe itself answers within its timeout
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PostgresNodeStatus.Unreachable(endpoint, "interrupted");
        } catch (ExecutionException e) {
            return new PostgresNodeStatus.Unreachable(endpoint, String.valueOf(e.getCause().getMessage()));
        }
    }

    @Override
    public List<LagSample> sample() {
        return observe().lagSamples();
    }

    @Override
    public void close() {
        executor.shutdownNow();
        probeTimeout.close();
        pools.close();
    }
}
