package io.hacoord.backup.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs the PostgreSQL client tools ({@code pg_dump}, {@code pg_restore}, {@code pg_amcheck}) from one
 * binary directory. The tools should be of the server's major version or newer.
 */
public record PostgresTools(Path binDir) {

    private static final int STDERR_TAIL_BYTES = 4096;

    public PostgresTools {
        Objects.requireNonNull(binDir, "binDir");
    }

    public boolean has(String tool) {
        return Files.isExecutable(binDir.resolve(tool));
    }

    /** Starts {@code tool} with the connection options, then {@code args}; stdin and stdout are pipes. */
    public RunningTool start(String tool, PostgresConnection connection, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(binDir.resolve(tool).toString());
        command.addAll(connection.toolArguments());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(connection.toolEnvironment());
        return new RunningTool(tool, builder.start());
    }

    /** Starts {@code tool} with only {@code args} (no connection), e.g. {@code pg_restore --list}. */
    public RunningTool start(String tool, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(binDir.resolve(tool).toString());
        command.addAll(args);
        return new RunningTool(tool, new ProcessBuilder(command).start());
    }

    /** A started tool whose stderr is kept (its last {@value #STDERR_TAIL_BYTES} bytes) for the error message. */
    public static final class RunningTool implements AutoCloseable {
        private final String name;
        private final Process process;
        private final Thread stderrReader;
        private volatile byte[] stderrTail = new byte[0];

        RunningTool(String name, Process process) {
            this.name = name;
            this.process = process;
            this.stderrReader = Thread.ofVirtual().name(name + "-stderr").start(this::readStderr);
        }

        public Process process() {
            return process;
        }

        public String stderr() throws InterruptedException {
            stderrReader.join(Duration.ofSeconds(5));
            return new String(stderrTail, StandardCharsets.UTF_8).strip();
        }

        /** Waits for the exit; throws with the exit code and the end of stderr unless it is 0. */
        public void awaitSuccess(Duration timeout) throws IOException, InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(name + " did not finish within " + timeout);
            }
            int code = process.exitValue();
            if (code != 0) {
                throw new IOException(name + " failed (exit " + code + "): " + stderr());
            }
        }

        private void readStderr() {
            byte[] tail = new byte[0];
            byte[] buffer = new byte[8192];
            try (InputStream err = process.getErrorStream()) {
                for (int n; (n = err.read(buffer)) >= 0; ) {
                    byte[] joined = new byte[tail.length + n];
                    System.arraycopy(tail, 0, joined, 0, tail.length);
                    System.arraycopy(buffer, 0, joined, tail.length, n);
                    int keep = Math.min(joined.length, STDERR_TAIL_BYTES);
                    tail = java.util.Arrays.copyOfRange(joined, joined.length - keep, joined.length);
                    stderrTail = tail;
                }
            } catch (IOException e) {
                // The process went away; what we have is the tail.
            }
        }

        /** Kills the process if it still runs (a failed pipeline must not leave a pg_dump behind). */
        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }
}
