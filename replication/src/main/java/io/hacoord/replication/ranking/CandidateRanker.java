package io.hacoord.replication.ranking;

import io.hacoord.replication.ByteCount;
import io.hacoord.replication.Lag;
import io.hacoord.replication.ReplicaState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides which replicas may be promoted and in what order. Pure: no I/O, same input same answer.
 *
 * <p>A replica is excluded, in this order of checks, when it carries the {@value #NO_FAILOVER_TAG} tag,
 * is unhealthy or unreachable, is not streaming, has an unknown lag, or is further behind than
 * {@link RankingPolicy#maxLagOnFailover()}. The rest are ordered by received position (the data it will
 * keep), then replayed position (how soon it can accept writes), then priority, then name (so that
 * the order is total and stable).
 */
public final class CandidateRanker {

    public static final String NO_FAILOVER_TAG = "nofailover";

    private static final Comparator<Candidate> BEST_FIRST = Comparator
            .comparingLong(Candidate::receivedPosition).reversed()
            .thenComparing(Comparator.comparingLong(Candidate::replayedPosition).reversed())
            .thenComparing(Comparator.comparingInt(Candidate::priority).reversed())
            .thenComparing(Candidate::name);

    private final RankingPolicy policy;

    public CandidateRanker(RankingPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    public CandidateRanking rank(List<Candidate> candidates) {
        List<Candidate> eligible = new ArrayList<>();
        List<CandidateRanking.Exclusion> excluded = new ArrayList<>();
        for (Candidate candidate : candidates) {
            Optional<String> reason = exclusionReason(candidate);
            if (reason.isPresent()) {
                excluded.add(new CandidateRanking.Exclusion(candidate.name(), reason.get()));
            } else {
                eligible.add(candidate);
            }
        }
        eligible.sort(BEST_FIRST);
        return new CandidateRanking(eligible, excluded);
    }

    private Optional<String> exclusionReason(Candidate c) {
        if (c.tags().contains(NO_FAILOVER_TAG)) {
            return Optional.of("tagged " + NO_FAILOVER_TAG + " by the operator");
        }
        if (c.state() == ReplicaState.UNREACHABLE) {
            return Optional.of("unreachable" + (c.unhealthyReason() == null ? "" : ": " + c.unhealthyReason()));
        }
        if (!c.healthy()) {
            return Optional.of("unhealthy: " + c.unhealthyReason());
        }
        if (c.state() != ReplicaState.STREAMING) {
            return Optional.of("not streaming from the primary (state " + c.state().name().toLowerCase() + ")");
        }
        return switch (c.lag()) {
            case Lag.Unknown u -> Optional.of("lag unknown: " + u.reason());
            case Lag.Measured m -> overLimit(m.bytes());
            case Lag.BytesOnly b -> overLimit(b.bytes());
        };
    }

    private Optional<String> overLimit(long bytes) {
        long max = policy.maxLagOnFailover().bytes();
        if (bytes > max) {
            return Optional.of("replication lag " + new ByteCount(bytes) + " (" + bytes
                    + " bytes) exceeds maxLagOnFailover " + policy.maxLagOnFailover());
        }
        return Optional.empty();
    }
}
