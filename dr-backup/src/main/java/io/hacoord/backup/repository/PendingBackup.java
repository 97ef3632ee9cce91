package io.hacoord.backup.repository;

import io.hacoord.backup.Manifest;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A backup being written. Write the data to {@link #data()} and close that stream, then
 * {@link #publish}. {@link #close()} without a successful publish discards everything written.
 */
public interface PendingBackup extends AutoCloseable {

    /** The stream for the stored bytes; closing it makes them durable. Always the same stream. */
    OutputStream data() throws IOException;

    /**
     * Makes the backup visible atomically with {@code manifest}.
     *
     * @throws StaleEpochException when the manifest's epoch is lower than the highest the repository has seen
     */
    void publish(Manifest manifest) throws IOException;

    /** Discards the backup unless it was published. Idempotent. */
    @Override
    void close() throws IOException;
}
