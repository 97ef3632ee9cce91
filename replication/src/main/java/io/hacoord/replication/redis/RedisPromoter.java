package io.hacoord.replication.redis;

import io.hacoord.replication.FencingCheck;
import io.hacoord.replication.PromotionOutcome;
import io.hacoord.replication.StaleTermException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Promotes a Redis replica ({@code REPLICAOF NO ONE}) and points the other replicas at it
 * ({@code REPLICAOF host port}). The caller's {@link FencingCheck} runs before each of these steps;
 * a stale term stops there, and the outcome lists what was done. Which replica to promote is the
 * {@link io.hacoord.replication.ranking.CandidateRanker}'s decision.
 *
 * <p>Replicas re-pointed this way keep the promoted replica's replication id history, so they
 * usually continue with a partial resynchronisation rather than a full copy.
 */
public final class RedisPromoter {

    private final RedisReplication replication;
    private final LongSupplier nanoTime;

    public RedisPromoter(RedisReplication replication, LongSupplier nanoTime) {
        this.replication = replication;
        this.nanoTime = nanoTime;
    }

    public PromotionOutcome promote(RedisEndpoint target, List<RedisEndpoint> others, FencingCheck fencing) {
        long start = nanoTime.getAsLong();
        List<String> done = new ArrayList<>();
        String step = "promote " + target.name();
        try {
            fencing.check(step);
        } catch (StaleTermException e) {
            return new PromotionOutcome.Aborted(step, "stale term before " + step + ": " + e.getMessage(), done);
        }
        if (!(replication.probe(target) instanceof RedisNodeStatus.Replica)) {
            return new PromotionOutcome.Failed(step, target.name() + " is not a reachable replica", done);
        }
        try {
            replication.connections().commands(target).replicaofNoOne();
        } catch (RuntimeException e) {
            return new PromotionOutcome.Failed(step, "REPLICAOF NO ONE on " + target.name() + " failed: "
                    + e.getMessage(), done);
        }
        if (!(replication.probe(target) instanceof RedisNodeStatus.Master)) {
            return new PromotionOutcome.Failed(step, target.name() + " does not report role:master after REPLICAOF NO ONE",
                    done);
        }
        done.add("promoted " + target.name());
        List<String> failures = new ArrayList<>();
        for (RedisEndpoint other : others) {
            String repoint = "re-point " + other.name() + " to " + target.name();
            try {
                fencing.check(repoint);
            } catch (StaleTermException e) {
                return new PromotionOutcome.Aborted(repoint, "stale term before " + repoint + ": " + e.getMessage(), done);
            }
            try {
                replication.connections().commands(other).replicaof(target.host(), target.port());
                done.add("re-pointed " + other.name() + " to " + target.name());
            } catch (RuntimeException e) {
                failures.add(other.name() + ": REPLICAOF failed: " + e.getMessage());
            }
        }
        return new PromotionOutcome.Promoted(target.name(), Duration.ofNanos(nanoTime.getAsLong() - start), done, failures);
    }
}
