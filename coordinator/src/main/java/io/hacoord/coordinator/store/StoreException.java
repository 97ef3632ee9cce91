package io.hacoord.coordinator.store;

/**
 * The coordination store did not answer, or answered in a way whose outcome is unknown (timeout, disconnect).
 *
 * <p>Callers must treat an unknown outcome as "not confirmed": a renewal that threw did not extend the lease.
 */
public class StoreException extends Exception {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
