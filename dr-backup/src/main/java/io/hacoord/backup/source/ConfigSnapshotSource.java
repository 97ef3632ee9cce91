package io.hacoord.backup.source;

import io.hacoord.backup.BackupType;
import io.hacoord.backup.PostgresDetails;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.Optional;

/** A configuration snapshot handed in by the caller (e.g. the cluster's YAML), stored as given. */
public record ConfigSnapshotSource(String name, byte[] content) implements BackupSource {

    public ConfigSnapshotSource {
        Objects.requireNonNull(name, "name");
        content = Objects.requireNonNull(content, "content").clone();
    }

    /** A copy: the snapshot cannot change after it was handed in. */
    @Override
    public byte[] content() {
        return content.clone();
    }

    @Override
    public BackupType type() {
        return BackupType.CONFIG;
    }

    @Override
    public String description() {
        return "config:" + name;
    }

    @Override
    public Optional<PostgresDetails> writeTo(OutputStream out) throws IOException {
        out.write(content);
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "ConfigSnapshotSource[" + name + ", " + content.length + " bytes]";
    }
}
