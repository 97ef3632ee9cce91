package io.hacoord.testservers;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every handle that is still open, so that a JVM shutdown hook can close them all. On first use it
 * also runs the {@link StaleServerReaper} once.
 */
final class OpenServers {

    private static final Logger LOG = LoggerFactory.getLogger(OpenServers.class);
    private static final Set<AutoCloseable> OPEN = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private OpenServers() {}

    /** Reaps stale servers and installs the shutdown hook, the first time only. */
    static void ensureHousekeeping() {
        if (STARTED.compareAndSet(false, true)) {
            StaleServerReaper.reap(ServerDirectory.baseDirectory());
            Runtime.getRuntime().addShutdownHook(new Thread(OpenServers::closeAll, "test-servers-shutdown"));
        }
    }

    static <T extends AutoCloseable> T register(T server) {
        OPEN.add(server);
        return server;
    }

    static void unregister(AutoCloseable server) {
        OPEN.remove(server);
    }

    private static void closeAll() {
        List<AutoCloseable> open = new ArrayList<>(OPEN);
        for (AutoCloseable server : open) {
            try {
                server.close();
            } catch (Exception e) {
                LOG.warn("Cannot close {} at JVM shutdown", server, e);
            }
        }
    }
}
