package io.hacoord.testservers;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Signals for processes a test started: freeze, thaw, kill without goodbye, and terminate with an exit code. */
public final class ProcessSignals {

    private ProcessSignals() {
    }

    /** SIGSTOP: the process is frozen, as by a long GC pause or a stalled VM; the host's clocks keep running. */
    public static void pause(Process p) throws IOException, InterruptedException {
        signal(p, "-STOP");
    }

    /** SIGCONT. */
    public static void resume(Process p) throws IOException, InterruptedException {
        signal(p, "-CONT");
    }

    /** SIGKILL, then waits up to 10 s for the process to be gone. */
    public static void kill(Process p) throws InterruptedException {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM; the exit code, or -1 if it did not exit within {@code max} (then it is killed). */
    public static int terminate(Process p, Duration max) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
            kill(p);
            return -1;
        }
        return p.exitValue();
    }

    private static void signal(Process p, String sig) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", sig, Long.toString(p.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill " + sig + " " + p.pid() + " failed");
        }
    }
}
