package io.hacoord.backup.source;

import io.hacoord.backup.BackupType;
import io.hacoord.backup.PostgresDetails;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A directory as a POSIX tar stream (long names allowed), entries in sorted order, regular files and
 * directories only (symlinks and special files are skipped: a backup follows no links out of its root).
 */
public record DirectorySource(Path root) implements BackupSource {

    public DirectorySource {
        Objects.requireNonNull(root, "root");
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("not a directory: " + root);
        }
    }

    @Override
    public BackupType type() {
        return BackupType.FILES;
    }

    @Override
    public String description() {
        return "files:" + root.toAbsolutePath();
    }

    @Override
    public Optional<PostgresDetails> writeTo(OutputStream out) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.filter(p -> !p.equals(root)).sorted().toList();
        }
        // The tar stream must not close 'out': the pipeline owns it.
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new NonClosingStream(out));
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        for (Path path : paths) {
            if (Files.isSymbolicLink(path) || !(Files.isRegularFile(path) || Files.isDirectory(path))) {
                continue;
            }
            String name = root.relativize(path).toString().replace('\\', '/');
            TarArchiveEntry entry = new TarArchiveEntry(path.toFile(), name);
            tar.putArchiveEntry(entry);
            if (Files.isRegularFile(path)) {
                Files.copy(path, tar);
            }
            tar.closeArchiveEntry();
        }
        tar.finish();
        tar.close();
        return Optional.empty();
    }

    private static final class NonClosingStream extends java.io.FilterOutputStream {
        NonClosingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
