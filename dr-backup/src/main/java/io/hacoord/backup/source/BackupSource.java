package io.hacoord.backup.source;

import io.hacoord.backup.BackupType;
import io.hacoord.backup.PostgresDetails;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/**
 * Where a backup's bytes come from. A source writes its whole content to the stream it is given and
 * returns; it must not close the stream. Any exception means the backup failed and is discarded.
 */
public interface BackupSource {

    BackupType type();

    /** A description for the manifest and logs, without secrets (e.g. {@code postgres://host:port/db}). */
    String description();

    /**
     * Writes the content to {@code out}.
     *
     * @return what the source learned while writing (PostgreSQL details for logical dumps)
     */
    Optional<PostgresDetails> writeTo(OutputStream out) throws IOException, InterruptedException;
}
