package io.hacoord.replication.ranking;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The ranker's answer: the eligible replicas, best first, and every excluded replica with the reason.
 *
 * @param eligible candidates that may be promoted, best first
 * @param excluded every other replica, each with a reason in words
 */
public record CandidateRanking(List<Candidate> eligible, List<Exclusion> excluded) {

    public CandidateRanking {
        eligible = List.copyOf(eligible);
        excluded = List.copyOf(excluded);
    }

    /** A replica that may not be promoted, and why. */
    public record Exclusion(String replica, String reason) {}

    public Optional<Candidate> best() {
        return eligible.isEmpty() ? Optional.empty() : Optional.of(eligible.getFirst());
    }

    /** One line for the log and the failover history, e.g. {@code "best pg-1; excluded: pg-2 (lag 3.0 MiB ...)"}. */
    public String summary() {
        String head = best().map(c -> "best " + c.name()).orElse("no candidate");
        if (excluded.isEmpty()) {
            return head;
        }
        return head + "; excluded: " + excluded.stream()
                .map(e -> e.replica() + " (" + e.reason() + ")").collect(Collectors.joining(", "));
    }
}
