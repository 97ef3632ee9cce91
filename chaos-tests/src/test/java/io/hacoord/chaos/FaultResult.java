package io.hacoord.chaos;

import java.util.List;

/**
 * One injected fault and what was seen.
 *
 * @param scenario   the scenario's name
 * @param backend    redis or zookeeper
 * @param startNanos monotonic time the fault was injected
 * @param endNanos   monotonic time the cluster had healed (one leader again)
 * @param takeoverMs from the fault to a new leader answering, when the fault unseated the leader; null otherwise
 * @param violations what went wrong during this fault (liveness, exit codes, flapping), empty if nothing
 */
record FaultResult(String scenario, String backend, long startNanos, long endNanos, Long takeoverMs,
                   List<String> violations) {

    FaultResult {
        violations = List.copyOf(violations);
    }
}
