package io.hacoord.replication.postgres;

import io.hacoord.replication.Lag;
import io.hacoord.replication.LagSample;
import io.hacoord.replication.ReplicaState;
import io.hacoord.replication.ranking.Candidate;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One observation of every endpoint, taken concurrently at {@code observedAt}, and what follows from it.
 *
 * <p>The primary is the server not in recovery on the highest timeline. Two or more on that same
 * timeline is split brain: then no primary is named, and lags are unknown, with that reason.
 */
public record PostgresClusterView(List<PostgresNodeStatus> nodes, Instant observedAt) {

    public PostgresClusterView {
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(observedAt, "observedAt");
    }

    public Optional<PostgresNodeStatus.Primary> primary() {
        List<PostgresNodeStatus.Primary> primaries = primaries();
        if (primaries.isEmpty()) {
            return Optional.empty();
        }
        long top = primaries.getFirst().timeline();
        return primaries.stream().filter(p -> p.timeline() == top).count() == 1
                ? Optional.of(primaries.getFirst()) : Optional.empty();
    }

    /** Every server not in recovery, highest timeline first. */
    public List<PostgresNodeStatus.Primary> primaries() {
        return nodes.stream().filter(PostgresNodeStatus.Primary.class::isInstance)
                .map(PostgresNodeStatus.Primary.class::cast)
                .sorted(Comparator.comparingLong(PostgresNodeStatus.Primary::timeline).reversed()).toList();
    }

    public Optional<PostgresNodeStatus> node(String name) {
        return nodes.stream().filter(n -> n.endpoint().name().equals(name)).findFirst();
    }

    /** Every endpoint except the named primary: the replicas, and any that should be one. */
    public List<PostgresNodeStatus> replicas() {
        Optional<String> primaryName = primary().map(p -> p.endpoint().name());
        return nodes.stream().filter(n -> primaryName.map(name -> !name.equals(n.endpoint().name())).orElse(true))
                .toList();
    }

    public List<LagSample> lagSamples() {
        Optional<PostgresNodeStatus.Primary> primary = primary();
        return replicas().stream().map(r -> new LagSample(r.endpoint().name(),
                PostgresLagCalculator.state(primary, r), lagOf(primary, r), observedAt)).toList();
    }

    private Lag lagOf(Optional<PostgresNodeStatus.Primary> primary, PostgresNodeStatus replica) {
        if (primary.isEmpty() && primaries().size() > 1) {
            return new Lag.Unknown("split brain: " + primaries().size() + " primaries on timeline "
                    + primaries().getFirst().timeline());
        }
        return PostgresLagCalculator.lag(primary, replica);
    }

    /**
     * The replicas as failover candidates. With a live primary, lag is measured against it; without
     * one, against the most advanced replica (the best data any candidate can offer).
     */
    public List<Candidate> candidates() {
        Optional<PostgresNodeStatus.Primary> primary = primary();
        Optional<Lsn> reference = primary.map(PostgresNodeStatus.Primary::currentLsn).or(this::mostAdvancedReplica);
        return replicas().stream().map(r -> candidate(primary, reference, r)).toList();
    }

    private Optional<Lsn> mostAdvancedReplica() {
        return nodes.stream().filter(PostgresNodeStatus.Standby.class::isInstance)
                .map(n -> ((PostgresNodeStatus.Standby) n).furthestLsn()).filter(Objects::nonNull)
                .max(Comparator.naturalOrder());
    }

    private Candidate candidate(Optional<PostgresNodeStatus.Primary> primary, Optional<Lsn> reference,
                                PostgresNodeStatus replica) {
        PostgresEndpoint e = replica.endpoint();
        ReplicaState state = PostgresLagCalculator.state(primary, replica);
        return switch (replica) {
            case PostgresNodeStatus.Unreachable u -> new Candidate(e.name(), state, u.reason(),
                    new Lag.Unknown("unreachable"), -1, -1, e.priority(), e.tags());
            case PostgresNodeStatus.Primary p -> new Candidate(e.name(), state,
                    "not in recovery (a primary on timeline " + p.timeline() + ")",
                    new Lag.Unknown("not a replica"), -1, -1, e.priority(), e.tags());
            case PostgresNodeStatus.Standby s -> new Candidate(e.name(), state, null,
                    primary.isPresent() ? lagOf(primary, s)
                            : reference.map(ref -> PostgresLagCalculator.lagBehind(ref, s))
                                    .orElse(new Lag.Unknown("no replica reports a position")),
                    position(s.furthestLsn()), position(s.replayLsn()), e.priority(), e.tags());
        };
    }

    private static long position(Lsn lsn) {
        return lsn == null ? -1 : lsn.value();
    }
}
