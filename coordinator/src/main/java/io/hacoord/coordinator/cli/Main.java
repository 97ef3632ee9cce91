package io.hacoord.coordinator.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code ha-coordinator.jar}: {@code run --config FILE}, {@code status --url URL}, {@code demo}.
 * Exit codes: 0 success (including a SIGTERM shutdown), 1 runtime failure, 2 bad configuration or usage.
 */
@Command(name = "ha-coordinator", mixinStandardHelpOptions = true, version = "ha-coordinator 0.1.0",
        description = "High-availability coordinator: fenced leader election through Redis or ZooKeeper.",
        subcommands = {RunCommand.class, StatusCommand.class, DemoCommand.class})
public final class Main {

    public static void main(String[] args) {
        int code;
        try {
            code = execute(args);
        } catch (Throwable t) { // an Error escaping a command must still end the process, with a reason
            System.err.println("error: " + t);
            code = 1;
        }
        System.exit(code);
    }

    /** Runs the command line and returns the exit code (for tests). */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line with the given output streams and returns the exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(e -> 1);
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("error: " + ex.getMessage());
            ex.getCommandLine().usage(ex.getCommandLine().getErr());
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println("error: " + ex.getMessage());
            return 1;
        });
        return cl.execute(args);
    }
}
