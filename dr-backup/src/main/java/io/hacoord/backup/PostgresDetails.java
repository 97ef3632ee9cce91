package io.hacoord.backup;

import java.util.Map;
import java.util.Objects;

/**
 * What a logical backup knew of its server, read in the same snapshot as the dump: the server
 * version, the WAL position at the snapshot, and the exact row count of every table (schema-qualified)
 * that a drill compares with the restored copy.
 */
public record PostgresDetails(String serverVersion, String walLsn, Map<String, Long> rowCounts) {

    public PostgresDetails {
        Objects.requireNonNull(serverVersion, "serverVersion");
        Objects.requireNonNull(walLsn, "walLsn");
        rowCounts = Map.copyOf(Objects.requireNonNull(rowCounts, "rowCounts"));
    }
}
