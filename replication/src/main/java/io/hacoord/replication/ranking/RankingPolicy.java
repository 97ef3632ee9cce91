package io.hacoord.replication.ranking;

import io.hacoord.replication.ByteCount;
import java.util.Objects;

/**
 * The rules a failover candidate must meet.
 *
 * @param maxLagOnFailover a replica further behind than this is not promoted (default {@value #DEFAULT_MAX_LAG_MIB} MiB):
 *                         promoting it would lose, or first have to replay, that much WAL
 */
public record RankingPolicy(ByteCount maxLagOnFailover) {

    public static final long DEFAULT_MAX_LAG_MIB = 1;

    public RankingPolicy {
        Objects.requireNonNull(maxLagOnFailover, "maxLagOnFailover");
    }

    public static RankingPolicy defaults() {
        return new RankingPolicy(ByteCount.mebibytes(DEFAULT_MAX_LAG_MIB));
    }
}
