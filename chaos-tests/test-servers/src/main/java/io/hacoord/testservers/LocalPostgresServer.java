package io.hacoord.testservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL cluster made with {@code initdb} (or {@code pg_basebackup -R} for a replica) and run
 * with {@code pg_ctl}, as the {@code postgres} OS user when this JVM runs as root.
 */
final class LocalPostgresServer implements PostgresServer {

    private static final Logger LOG = LoggerFactory.getLogger(LocalPostgresServer.class);
    private static final String HOST = "127.0.0.1";
    private static final String OS_USER = "postgres";
    private static final String SUPERUSER = "postgres";
    private static final String PASSWORD = "postgres";
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> SETTINGS = List.of(
            "listen_addresses = '" + HOST + "'",
            "wal_level = replica",
            "max_wal_senders = 10",
            "max_replication_slots = 10",
            "wal_keep_size = '128MB'",
            "wal_log_hints = on",
            "hot_standby = on",
            "fsync = off",
            "track_commit_timestamp = on", // lets checkers order rows by commit, not by insert
            "max_connections = 50",
            "shared_buffers = '32MB'");
    private static final List<String> HBA = List.of(
            "local all all trust",
            "host all all 127.0.0.1/32 trust",
            "host replication all 127.0.0.1/32 trust");

    private enum State { RUNNING, STOPPED, CLOSED }

    private final PostgresBinaries binaries;
    private final ServerDirectory dir;
    private final Path dataDir;
    private final int port;
    private final List<PostgresServer> replicas = new ArrayList<>();
    private State state = State.STOPPED;
    private Socket reservation;

    private LocalPostgresServer(PostgresBinaries binaries, ServerDirectory dir, int port) {
        this.binaries = binaries;
        this.dir = dir;
        this.dataDir = dir.resolve("data");
        this.port = port;
    }

    /** {@code initdb}, configure and start a primary on a free port. */
    static PostgresServer launchPrimary(PostgresBinaries binaries) {
        ServerDirectory dir = newDirectory("postgres");
        try {
            Path data = dir.resolve("data");
            Processes.run(Processes.asUser(OS_USER, List.of(binaries.tool("initdb"), "-D", data.toString(),
                    "-U", SUPERUSER, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync")),
                    dir.resolve("initdb.log"), TOOL_TIMEOUT);
            Files.write(data.resolve("postgresql.conf"), SETTINGS, StandardOpenOption.APPEND);
            Files.write(data.resolve("pg_hba.conf"), HBA, StandardOpenOption.TRUNCATE_EXISTING);
            return startOnFreePort(binaries, dir);
        } catch (IOException e) {
            dir.delete();
            throw new UncheckedIOException("cannot configure PostgreSQL in " + dir.path(), e);
        } catch (RuntimeException e) {
            dir.delete();
            throw e;
        }
    }

    private static LocalPostgresServer startOnFreePort(PostgresBinaries binaries, ServerDirectory dir) {
        LocalPostgresServer server = FreePorts.withFreePort(port -> {
            LocalPostgresServer candidate = new LocalPostgresServer(binaries, dir, port);
            candidate.start();
            return candidate;
        });
        LOG.info("Started PostgreSQL on {}:{} in {}", HOST, server.port, dir.path());
        return OpenServers.register(server);
    }

    @Override
    public synchronized PostgresServer startReplica(String applicationName) {
        requireState(State.RUNNING, "start a replica of");
        ServerDirectory replicaDir = newDirectory("postgres-replica");
        try {
            Path data = replicaDir.resolve("data");
            Processes.run(Processes.asUser(OS_USER, List.of(binaries.tool("pg_basebackup"), "-R",
                    "-D", data.toString(), "-h", HOST, "-p", Integer.toString(port), "-U", SUPERUSER,
                    "-X", "stream", "-c", "fast", "--no-sync")),
                    replicaDir.resolve("pg_basebackup.log"), TOOL_TIMEOUT);
            // Later lines win: this replaces the primary_conninfo that -R wrote.
            Files.writeString(data.resolve("postgresql.auto.conf"), "primary_conninfo = 'host=" + HOST
                    + " port=" + port + " user=" + SUPERUSER + " application_name=" + applicationName + "'\n",
                    StandardOpenOption.APPEND);
            LocalPostgresServer replica = startOnFreePort(binaries, replicaDir);
            Processes.awaitReady("replica '" + applicationName + "' streaming from port " + port, READY_TIMEOUT,
                    () -> replica.inRecovery() && streamingTo(applicationName), () -> true,
                    replicaDir.resolve("postgres.log"));
            replicas.add(replica);
            return replica;
        } catch (IOException e) {
            replicaDir.delete();
            throw new UncheckedIOException("cannot configure the replica in " + replicaDir.path(), e);
        } catch (RuntimeException e) {
            replicaDir.delete();
            throw e;
        }
    }

    @Override
    public synchronized void start() {
        requireOpen();
        if (state == State.RUNNING) {
            return;
        }
        FreePorts.release(reservation);
        reservation = null;
        Path serverLog = dir.resolve("postgres.log");
        try {
            Processes.run(pgCtl("-l", serverLog.toString(), "-w", "-t", Long.toString(READY_TIMEOUT.toSeconds()),
                    "-o", "-p " + port + " -k '" + dir.path() + "'", "start"), dir.resolve("pg_ctl.log"),
                    TOOL_TIMEOUT);
        } catch (IllegalStateException e) {
            String log = Processes.tail(serverLog);
            if (log.contains("could not bind") || log.contains("Address already in use")) {
                throw new FreePorts.PortTakenException(port, e);
            }
            throw new IllegalStateException(e.getMessage() + "\nlast lines of " + serverLog + ":\n" + log, e);
        }
        recordPostmaster();
        Processes.awaitReady("PostgreSQL on port " + port, READY_TIMEOUT, this::acceptsQueries, () -> true, serverLog);
        state = State.RUNNING;
    }

    @Override
    public synchronized void stop() {
        if (state != State.RUNNING) {
            return;
        }
        Processes.run(pgCtl("-w", "-t", Long.toString(READY_TIMEOUT.toSeconds()), "-m", "fast", "stop"),
                dir.resolve("pg_ctl.log"), TOOL_TIMEOUT);
        reservation = FreePorts.reserve(port);
        state = State.STOPPED;
    }

    @Override
    public void close() {
        List<PostgresServer> mine;
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            mine = List.copyOf(replicas);
            replicas.clear();
        }
        mine.forEach(PostgresServer::close);
        synchronized (this) {
            if (state == State.RUNNING) {
                try {
                    Processes.run(pgCtl("-w", "-m", "immediate", "stop"), dir.resolve("pg_ctl.log"), TOOL_TIMEOUT);
                } catch (IllegalStateException e) {
                    LOG.warn("Cannot stop PostgreSQL on port {} cleanly; killing it", port, e);
                    killPostmaster();
                }
            }
            FreePorts.release(reservation);
            reservation = null;
            state = State.CLOSED;
            OpenServers.unregister(this);
            dir.delete();
        }
    }

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + database;
    }

    @Override
    public String user() {
        return SUPERUSER;
    }

    @Override
    public String password() {
        return PASSWORD;
    }

    private static ServerDirectory newDirectory(String kind) {
        ServerDirectory dir = ServerDirectory.create(kind);
        if (Processes.runningAsRoot()) {
            try {
                UserPrincipal owner = dir.path().getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(OS_USER);
                Files.setOwner(dir.path(), owner);
            } catch (IOException e) {
                dir.delete();
                throw new UncheckedIOException("running as root, PostgreSQL needs the OS user '" + OS_USER
                        + "' to own " + dir.path() + " (create it: useradd --system postgres)", e);
            }
        }
        return dir;
    }

    private List<String> pgCtl(String... args) {
        List<String> command = new ArrayList<>(List.of(binaries.tool("pg_ctl"), "-D", dataDir.toString()));
        command.addAll(List.of(args));
        return Processes.asUser(OS_USER, command);
    }

    private void recordPostmaster() {
        List<String> pidFile = ServerDirectory.readLines(dataDir.resolve("postmaster.pid"));
        if (!pidFile.isEmpty()) {
            dir.recordServerProcess(Long.parseLong(pidFile.get(0).trim()));
        }
    }

    private void killPostmaster() {
        List<String> pidFile = ServerDirectory.readLines(dataDir.resolve("postmaster.pid"));
        if (!pidFile.isEmpty()) {
            ProcessHandle.of(Long.parseLong(pidFile.get(0).trim())).ifPresent(StaleServerReaper::kill);
        }
    }

    private Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", SUPERUSER);
        props.setProperty("password", PASSWORD);
        props.setProperty("connectTimeout", "2");
        props.setProperty("socketTimeout", "5");
        return DriverManager.getConnection(jdbcUrl(), props);
    }

    private boolean acceptsQueries() {
        return queryBoolean("SELECT true", null);
    }

    private boolean inRecovery() {
        return queryBoolean("SELECT pg_is_in_recovery()", null);
    }

    private boolean streamingTo(String applicationName) {
        return queryBoolean("SELECT count(*) > 0 FROM pg_stat_replication"
                + " WHERE application_name = ? AND state = 'streaming'", applicationName);
    }

    private boolean queryBoolean(String sql, String parameter) {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            if (parameter != null) {
                statement.setString(1, parameter);
            }
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        } catch (SQLException e) {
            return false;
        }
    }

    private void requireOpen() {
        if (state == State.CLOSED) {
            throw new IllegalStateException("PostgreSQL on port " + port + " is closed");
        }
    }

    private void requireState(State wanted, String action) {
        if (state != wanted) {
            throw new IllegalStateException("cannot " + action + " PostgreSQL on port " + port + ": it is " + state);
        }
    }

    @Override
    public String toString() {
        return "LocalPostgresServer[" + jdbcUrl() + ", " + dir.path() + "]";
    }
}
