package io.hacoord.testservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Running server binaries and waiting for them, with log tails in every failure message. */
final class Processes {

    static final int LOG_TAIL_LINES = 30;
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    private Processes() {}

    /** Starts {@code command} with stdout and stderr appended to {@code log}. */
    static Process launch(List<String> command, Path log) {
        return launch(command, log, log.getParent());
    }

    /** Like {@link #launch(List, Path)}, in {@code workDir} (which a non-root server user can enter). */
    static Process launch(List<String> command, Path log, Path workDir) {
        try {
            return new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Runs {@code command} to completion; fails with the log tail on a non-zero exit or a timeout. */
    static void run(List<String> command, Path log, Duration timeout) {
        Process process = launch(command, log, log.getParent());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within "
                        + timeout + "; last lines of " + log + ":\n" + tail(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue()
                    + "; last lines of " + log + ":\n" + tail(log));
        }
    }

    /**
     * Polls {@code ready} until it is true; fails after {@code timeout} with the tail of {@code log}.
     * {@code alive} is checked too, so a server that died is reported at once instead of at the timeout.
     */
    static void awaitReady(String what, Duration timeout, BooleanSupplier ready, BooleanSupplier alive, Path log) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (!alive.getAsBoolean()) {
                throw new IllegalStateException(what + " exited before it was ready; last lines of " + log
                        + ":\n" + tail(log));
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(what + " was not ready within " + timeout + "; last lines of "
                        + log + ":\n" + tail(log));
            }
            pause();
        }
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a test server", e);
        }
    }

    /** The last {@value #LOG_TAIL_LINES} lines of {@code log}, or a note that it does not exist. */
    static String tail(Path log) {
        if (!Files.exists(log)) {
            return "(no log at " + log + ")";
        }
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Whether the current JVM runs as root, in which case PostgreSQL binaries must run as another user. */
    static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** {@code command}, prefixed with {@code runuser -u <user> --} when the JVM runs as root. */
    static List<String> asUser(String user, List<String> command) {
        if (!runningAsRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", user, "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Finds an executable on the {@code PATH}. */
    static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
