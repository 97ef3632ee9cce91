package io.hacoord.coordinator.ha;

/**
 * Admits a newly won term before it acts: e.g. the PostgreSQL fence advances its epoch row, and refuses when a
 * newer epoch is already stored (this node's term is stale although it just won the election, which can only
 * happen if the store lost data).
 */
@FunctionalInterface
public interface TermGate {

    /**
     * @return null to admit the term, else the reason it is refused
     * @throws Exception if the answer is unknown (the term is admitted; fenced work stays refused until it is known)
     */
    String refusal(long epoch, String node) throws Exception;

    TermGate OPEN = (epoch, node) -> null;
}
