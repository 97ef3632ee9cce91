package io.hacoord.replication;

/** Thrown by a {@link FencingCheck} when the caller's term is no longer current: the step must not be taken. */
public final class StaleTermException extends Exception {

    private static final long serialVersionUID = 1L;

    public StaleTermException(String reason) {
        super(reason);
    }
}
