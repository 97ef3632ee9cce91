package io.hacoord.testservers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the PostgreSQL server binaries are: the newest {@code /usr/lib/postgresql/<major>/bin}
 * (Debian/Ubuntu layout) that holds {@code initdb}, else the directory of {@code initdb} on the PATH.
 */
record PostgresBinaries(Path binDir) {

    private static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");

    static Optional<PostgresBinaries> find() {
        return debianLayout().or(() -> Optional.ofNullable(Processes.onPath("initdb"))
                .map(initdb -> new PostgresBinaries(initdb.getParent())));
    }

    private static Optional<PostgresBinaries> debianLayout() {
        if (!Files.isDirectory(DEBIAN_ROOT)) {
            return Optional.empty();
        }
        try (Stream<Path> majors = Files.list(DEBIAN_ROOT)) {
            return majors.map(major -> major.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                    .max(Comparator.comparingInt(PostgresBinaries::majorVersion))
                    .map(PostgresBinaries::new);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    String tool(String name) {
        return binDir.resolve(name).toString();
    }
}
