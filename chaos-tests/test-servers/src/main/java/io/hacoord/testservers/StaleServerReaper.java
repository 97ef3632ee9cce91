package io.hacoord.testservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleans up after JVMs that died without closing their servers: for every server directory whose
 * owner JVM no longer runs, kills the recorded server processes (and their children) and deletes the
 * directory. Directories of live JVMs, including other test runs on the same machine, are left alone.
 */
final class StaleServerReaper {

    private static final Logger LOG = LoggerFactory.getLogger(StaleServerReaper.class);
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private StaleServerReaper() {}

    /** Reaps every stale directory under {@code base}; returns how many were removed. */
    static int reap(Path base) {
        if (!Files.isDirectory(base)) {
            return 0;
        }
        List<Path> dirs;
        try (Stream<Path> children = Files.list(base)) {
            dirs = children.filter(Files::isDirectory).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + base, e);
        }
        int reaped = 0;
        for (Path dir : dirs) {
            if (isStale(dir)) {
                reapOne(dir);
                reaped++;
            }
        }
        return reaped;
    }

    static boolean isStale(Path dir) {
        List<String> owner = ServerDirectory.readLines(dir.resolve(ServerDirectory.OWNER_FILE));
        String ownerLine = owner.isEmpty() ? ownerPidFromName(dir) : owner.get(0);
        if (ownerLine == null) {
            return false; // not one of ours
        }
        return ServerDirectory.liveProcess(ownerLine).isEmpty();
    }

    private static String ownerPidFromName(Path dir) {
        String name = dir.getFileName().toString();
        int dash = name.indexOf('-');
        if (dash <= 0 || !name.substring(0, dash).chars().allMatch(Character::isDigit)) {
            return null;
        }
        return name.substring(0, dash);
    }

    private static void reapOne(Path dir) {
        for (String line : ServerDirectory.readLines(dir.resolve(ServerDirectory.PIDS_FILE))) {
            if (!line.isBlank()) {
                ServerDirectory.liveProcess(line).ifPresent(StaleServerReaper::kill);
            }
        }
        try {
            ServerDirectory.deleteTree(dir);
            LOG.info("Removed stale test-server directory {} (its owner JVM is gone)", dir);
        } catch (UncheckedIOException e) {
            LOG.warn("Cannot remove stale test-server directory {}", dir, e);
        }
    }

    static void kill(ProcessHandle process) {
        LOG.info("Killing stale test server process {} ({})", process.pid(),
                process.info().command().orElse("?"));
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.onExit().get(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Process {} did not exit within {}", process.pid(), KILL_WAIT);
        }
    }
}
