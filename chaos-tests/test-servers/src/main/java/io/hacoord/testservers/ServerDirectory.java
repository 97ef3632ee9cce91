package io.hacoord.testservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The directory of one test server: {@code <base>/<owner-pid>-<n>-<kind>}, where base is
 * {@code ${java.io.tmpdir}/hacoord-test-servers}. It holds an {@value #OWNER_FILE} file (pid and start
 * time of the JVM that owns the server) and a {@value #PIDS_FILE} file (pid and start time of each
 * server process), so that {@link StaleServerReaper} can clean up after a JVM that died.
 */
final class ServerDirectory {

    static final String OWNER_FILE = "owner.pid";
    static final String PIDS_FILE = "server.pids";

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Path path;

    private ServerDirectory(Path path) {
        this.path = path;
    }

    static Path baseDirectory() {
        return Path.of(System.getProperty("java.io.tmpdir"), "hacoord-test-servers");
    }

    /** Creates a new, empty directory owned by this JVM. */
    static ServerDirectory create(String kind) {
        ProcessHandle self = ProcessHandle.current();
        Path path = baseDirectory().resolve(self.pid() + "-" + SEQUENCE.incrementAndGet() + "-" + kind);
        try {
            Files.createDirectories(path);
            Files.writeString(path.resolve(OWNER_FILE), describe(self) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the server directory " + path, e);
        }
        return new ServerDirectory(path);
    }

    Path path() {
        return path;
    }

    Path resolve(String name) {
        return path.resolve(name);
    }

    /** Records a server process so that a later JVM can kill it if this one dies first. */
    synchronized void recordServerProcess(long pid) {
        String line = ProcessHandle.of(pid).map(ServerDirectory::describe).orElse(pid + " 0");
        try {
            Files.writeString(path.resolve(PIDS_FILE), line + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path.resolve(PIDS_FILE), e);
        }
    }

    /** Deletes the directory tree; missing files are fine. */
    void delete() {
        deleteTree(path);
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    /** {@code "<pid> <start-epoch-millis>"}; the start time tells a live process from a reused pid. */
    static String describe(ProcessHandle process) {
        long start = process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        return process.pid() + " " + start;
    }

    /** The process a {@link #describe} line names, if that very process still runs. */
    static Optional<ProcessHandle> liveProcess(String line) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length == 0 || parts[0].isEmpty()) {
            return Optional.empty();
        }
        long pid = Long.parseLong(parts[0]);
        long start = parts.length > 1 ? Long.parseLong(parts[1]) : 0L;
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> start == 0L
                || p.info().startInstant().map(Instant::toEpochMilli).map(s -> Math.abs(s - start) < 1_000)
                        .orElse(true));
    }

    static List<String> readLines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            return new ArrayList<>();
        }
    }
}
