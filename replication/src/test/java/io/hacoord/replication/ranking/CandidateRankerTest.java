package io.hacoord.replication.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import io.hacoord.replication.ByteCount;
import io.hacoord.replication.Lag;
import io.hacoord.replication.ReplicaState;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CandidateRankerTest {

    private final CandidateRanker ranker = new CandidateRanker(RankingPolicy.defaults());

    @Test
    void highestReceivedPositionWinsThenReplayedThenPriorityThenName() {
        CandidateRanking ranking = ranker.rank(List.of(
                candidate("a", 100, 100, 0), candidate("b", 200, 150, 0), candidate("c", 200, 180, 0),
                candidate("d", 200, 180, 9), candidate("e", 200, 180, 9)));

        assertThat(ranking.eligible()).extracting(Candidate::name).containsExactly("d", "e", "c", "b", "a");
        assertThat(ranking.excluded()).isEmpty();
        assertThat(ranking.summary()).isEqualTo("best d");
    }

    @Test
    void everyExcludedReplicaIsListedWithAReasonAnOperatorUnderstands() {
        CandidateRanking ranking = ranker.rank(List.of(
                candidate("ok", 10, 10, 0),
                new Candidate("tagged", ReplicaState.STREAMING, null, Lag.caughtUp(), 10, 10, 0, Set.of("nofailover")),
                new Candidate("down", ReplicaState.UNREACHABLE, "no answer within 2000 ms", new Lag.Unknown("x"),
                        -1, -1, 0, Set.of()),
                new Candidate("syncing", ReplicaState.CATCHING_UP, null, Lag.caughtUp(), 10, 10, 0, Set.of()),
                new Candidate("blind", ReplicaState.STREAMING, null, new Lag.Unknown("no primary answered"),
                        10, 10, 0, Set.of()),
                new Candidate("behind", ReplicaState.STREAMING, null,
                        new Lag.Measured(1024 * 1024 + 1, Duration.ofSeconds(1), "t"), 10, 5, 0, Set.of())));

        assertThat(ranking.best()).hasValueSatisfying(c -> assertThat(c.name()).isEqualTo("ok"));
        assertThat(ranking.excluded()).containsExactly(
                new CandidateRanking.Exclusion("tagged", "tagged nofailover by the operator"),
                new CandidateRanking.Exclusion("down", "unreachable: no answer within 2000 ms"),
                new CandidateRanking.Exclusion("syncing", "not streaming from the primary (state catching_up)"),
                new CandidateRanking.Exclusion("blind", "lag unknown: no primary answered"),
                new CandidateRanking.Exclusion("behind",
                        "replication lag 1.0 MiB (1048577 bytes) exceeds maxLagOnFailover 1.0 MiB"));
    }

    @Test
    void lagExactlyAtTheLimitIsAllowedAndTheLimitIsConfigurable() {
        Candidate atLimit = new Candidate("x", ReplicaState.STREAMING, null, new Lag.BytesOnly(1024 * 1024, "t"),
                1, 1, 0, Set.of());
        assertThat(ranker.rank(List.of(atLimit)).eligible()).containsExactly(atLimit);
        assertThat(new CandidateRanker(new RankingPolicy(new ByteCount(1024))).rank(List.of(atLimit)).best()).isEmpty();
    }

    @Test
    void noCandidateSaysSoInTheSummary() {
        CandidateRanking ranking = ranker.rank(List.of(
                new Candidate("t", ReplicaState.STREAMING, null, Lag.caughtUp(), 1, 1, 0, Set.of("nofailover"))));
        assertThat(ranking.summary()).isEqualTo("no candidate; excluded: t (tagged nofailover by the operator)");
    }

    private static Candidate candidate(String name, long received, long replayed, int priority) {
        return new Candidate(name, ReplicaState.STREAMING, null, Lag.caughtUp(), received, replayed, priority, Set.of());
    }
}
