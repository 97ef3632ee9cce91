package io.hacoord.replication;

/**
 * Asks the caller whether its term is still current, before an irreversible step.
 *
 * <p>Promoters call it before every step that cannot be undone (promoting a replica, re-pointing a
 * replica to a new primary). The coordinator passes one backed by its lease and fencing epoch; this
 * library knows nothing of elections. An implementation must answer quickly (it is on the failover
 * path) and must throw rather than return when it cannot tell: an unknown term is a stale term.
 */
@FunctionalInterface
public interface FencingCheck {

    /**
     * Returns normally when the caller's term is still current.
     *
     * @param step what is about to be done, in words, e.g. {@code "promote pg-2"}; for the caller's log
     * @throws StaleTermException when the term is stale or cannot be confirmed; the step is then not taken
     */
    void check(String step) throws StaleTermException;
}
