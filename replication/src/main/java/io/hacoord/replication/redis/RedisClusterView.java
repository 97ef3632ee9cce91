package io.hacoord.replication.redis;

import io.hacoord.replication.Lag;
import io.hacoord.replication.LagSample;
import io.hacoord.replication.ReplicaState;
import io.hacoord.replication.ranking.Candidate;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One observation of every Redis endpoint, and the lag that follows from it.
 *
 * <p>Bytes: the master's {@code master_repl_offset} minus the replica's own {@code slave_repl_offset}.
 * Time: 0 when the offsets are equal; otherwise unknown, because Redis does not timestamp its
 * replication stream (the "lag" in a master's {@code slaveN} line is the seconds since the replica's
 * last acknowledgement, which is reported as such, not as a delay).
 */
public record RedisClusterView(List<RedisNodeStatus> nodes, Instant observedAt) {

    public RedisClusterView {
        nodes = List.copyOf(nodes);
    }

    /** The master with the most connected replicas; none if no master answered or two tie. */
    public Optional<RedisNodeStatus.Master> master() {
        List<RedisNodeStatus.Master> masters = nodes.stream().filter(RedisNodeStatus.Master.class::isInstance)
                .map(RedisNodeStatus.Master.class::cast)
                .sorted(Comparator.comparingInt((RedisNodeStatus.Master m) -> m.replicas().size()).reversed())
                .toList();
        if (masters.size() > 1 && masters.get(0).replicas().size() == masters.get(1).replicas().size()) {
            return Optional.empty();
        }
        return masters.stream().findFirst();
    }

    public Optional<RedisNodeStatus> node(String name) {
        return nodes.stream().filter(n -> n.endpoint().name().equals(name)).findFirst();
    }

    public List<RedisNodeStatus> replicas() {
        Optional<String> master = master().map(m -> m.endpoint().name());
        return nodes.stream().filter(n -> master.map(name -> !name.equals(n.endpoint().name())).orElse(true)).toList();
    }

    public List<LagSample> lagSamples() {
        return replicas().stream().map(r -> new LagSample(r.endpoint().name(), state(r), lag(r), observedAt)).toList();
    }

    public List<Candidate> candidates() {
        return replicas().stream().map(r -> {
            RedisEndpoint e = r.endpoint();
            long offset = r instanceof RedisNodeStatus.Replica rep ? rep.offset() : -1;
            String unhealthy = switch (r) {
                case RedisNodeStatus.Unreachable u -> u.reason();
                case RedisNodeStatus.Master m -> "a master, not a replica";
                case RedisNodeStatus.Replica rep -> null;
            };
            return new Candidate(e.name(), state(r), unhealthy, lag(r), offset, offset, e.priority(), e.tags());
        }).toList();
    }

    private static ReplicaState state(RedisNodeStatus node) {
        return switch (node) {
            case RedisNodeStatus.Unreachable u -> ReplicaState.UNREACHABLE;
            case RedisNodeStatus.Master m -> ReplicaState.DISCONNECTED;
            case RedisNodeStatus.Replica r -> r.syncInProgress() ? ReplicaState.CATCHING_UP
                    : r.linkUp() ? ReplicaState.STREAMING : ReplicaState.DISCONNECTED;
        };
    }

    private Lag lag(RedisNodeStatus node) {
        return switch (node) {
            case RedisNodeStatus.Unreachable u -> new Lag.Unknown("replica unreachable: " + u.reason());
            case RedisNodeStatus.Master m -> new Lag.Unknown("not a replica: it answers role:master");
            case RedisNodeStatus.Replica r -> master().map(m -> replicaLag(m, r))
                    .orElseGet(() -> new Lag.Unknown("no single master answered, so there is nothing to compare with"));
        };
    }

    private static Lag replicaLag(RedisNodeStatus.Master master, RedisNodeStatus.Replica replica) {
        if (replica.offset() < 0) {
            return new Lag.Unknown("the replica reports no offset (never synchronised)");
        }
        long bytes = Math.max(0, master.offset() - replica.offset());
        if (bytes == 0) {
            return Lag.caughtUp();
        }
        String ack = master.replica(replica.endpoint().port())
                .map(c -> "; last acknowledgement " + c.secondsSinceAck() + " s ago").orElse("; not connected to it");
        return new Lag.BytesOnly(bytes, "Redis does not timestamp its replication stream" + ack);
    }
}
