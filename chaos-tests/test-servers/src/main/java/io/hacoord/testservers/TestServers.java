package io.hacoord.testservers;

import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Starts real servers for tests, each on its own free port, and cleans up after them.
 *
 * <h2>What it starts</h2>
 * <ul>
 *   <li>{@link #redis()}: a {@code redis-server} without persistence ({@code --save "" --appendonly no}).</li>
 *   <li>{@link #postgres()}: a PostgreSQL primary made by {@code initdb}, listening on {@code 127.0.0.1} only,
 *       {@code trust} auth for user {@code postgres} from {@code 127.0.0.1} (replication included),
 *       {@code wal_level=replica}, {@code max_wal_senders=10}, {@code hot_standby=on}, {@code fsync=off};
 *       {@link PostgresServer#startReplica} adds streaming replicas ({@code pg_basebackup -R}).</li>
 *   <li>{@link #zookeeper()} and {@link #zookeeperEnsemble(int)}: in-process ZooKeeper through Curator's
 *       {@code TestingServer}/{@code TestingCluster}, with a {@value #ZK_TICK_TIME_MS} ms tick so that
 *       session timeouts from {@value #ZK_MIN_SESSION_TIMEOUT_MS} ms to {@value #ZK_MAX_SESSION_TIMEOUT_MS}
 *       ms are granted as asked.</li>
 *   <li>{@link TcpProxy#to}: a proxy to cut and restore the link to any of them.</li>
 * </ul>
 * Every method returns once the server really accepts connections, or throws with the tail of the
 * server's log. Every handle is {@link AutoCloseable}, and {@code close()} is idempotent.
 *
 * <h2>Where files go, and cleanup</h2>
 * Each server gets {@code ${java.io.tmpdir}/hacoord-test-servers/<jvm-pid>-<n>-<kind>}, holding its data,
 * its log and two pid files: the owning JVM's and the server process's (pid plus start time, so a reused
 * pid is not mistaken for ours). On first use the harness kills the servers of JVMs that have died and
 * deletes their directories; servers of live JVMs (other test runs) are left alone. A JVM shutdown hook
 * closes everything still open. When the JVM runs as root, PostgreSQL runs as the {@code postgres} OS
 * user ({@code runuser}), which owns its directory.
 *
 * <h2>How the provider is chosen</h2>
 * Per kind, by itself: local binaries when present ({@code redis-server} on the PATH; PostgreSQL from the
 * newest {@code /usr/lib/postgresql/<major>/bin}, else {@code initdb} on the PATH); otherwise
 * Testcontainers ({@code redis:7}, {@code postgres:15}) when a Docker engine is reachable; otherwise an
 * {@link IllegalStateException} that says what to install. The choice is logged. The Docker provider is
 * untested (no engine where this was built) and cannot make PostgreSQL replicas. ZooKeeper always runs
 * in-process and needs no provider.
 */
public final class TestServers {

    /** ZooKeeper tick time; the server's minimum session timeout is two ticks. */
    public static final int ZK_TICK_TIME_MS = 100;
    public static final int ZK_MIN_SESSION_TIMEOUT_MS = 2 * ZK_TICK_TIME_MS;
    public static final int ZK_MAX_SESSION_TIMEOUT_MS = 120_000;

    private static final Logger LOG = LoggerFactory.getLogger(TestServers.class);

    private TestServers() {}

    /** A new {@code redis-server} on a free port, answering {@code PING}. */
    public static RedisServer redis() {
        OpenServers.ensureHousekeeping();
        Optional<Path> binary = Optional.ofNullable(Processes.onPath("redis-server"));
        if (binary.isPresent()) {
            LOG.info("Redis provider: local binary {}", binary.get());
            return LocalRedisServer.launch(binary.get());
        }
        requireDocker("redis-server", "apt-get install redis-server");
        LOG.info("Redis provider: Testcontainers (no redis-server on the PATH)");
        return ContainerRedisServer.launch();
    }

    /** A new PostgreSQL primary on a free port, accepting JDBC connections. */
    public static PostgresServer postgres() {
        OpenServers.ensureHousekeeping();
        Optional<PostgresBinaries> binaries = PostgresBinaries.find();
        if (binaries.isPresent()) {
            LOG.info("PostgreSQL provider: local binaries in {}", binaries.get().binDir());
            return LocalPostgresServer.launchPrimary(binaries.get());
        }
        requireDocker("PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup)", "apt-get install postgresql");
        LOG.info("PostgreSQL provider: Testcontainers (no local PostgreSQL binaries)");
        return ContainerPostgresServer.launch();
    }

    /**
     * The directory of the local PostgreSQL client and server binaries ({@code pg_dump}, {@code pg_restore},
     * {@code pg_amcheck}, {@code psql}, ...) that {@link #postgres()} uses, or empty when there are none
     * (the Docker provider). Client tools may run as root; they talk to the harness servers over TCP.
     */
    public static Optional<Path> postgresBinDir() {
        return PostgresBinaries.find().map(PostgresBinaries::binDir);
    }

    /** A single in-process ZooKeeper server on a free port, accepting sessions. */
    public static ZooKeeperServer zookeeper() {
        OpenServers.ensureHousekeeping();
        return CuratorZooKeeperServer.launch();
    }

    /** An in-process ZooKeeper ensemble of {@code size} members (e.g. 3), with a quorum. */
    public static ZooKeeperEnsemble zookeeperEnsemble(int size) {
        OpenServers.ensureHousekeeping();
        return CuratorZooKeeperEnsemble.launch(size);
    }

    private static void requireDocker(String what, String install) {
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            docker = false;
        }
        if (!docker) {
            throw new IllegalStateException("Tests need " + what + ": install it (" + install
                    + ") or start a Docker engine so Testcontainers can run it");
        }
    }
}
