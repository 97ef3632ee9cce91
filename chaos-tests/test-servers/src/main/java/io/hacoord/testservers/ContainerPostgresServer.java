package io.hacoord.testservers;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A {@code postgres:15} container (see {@link DockerContainer} for why this path is untested here).
 * It does not make replicas: {@link #startReplica} needs the local-binary provider.
 */
final class ContainerPostgresServer implements PostgresServer {

    private static final String HOST = "127.0.0.1";
    private static final String USER = "postgres";
    private static final String PASSWORD = "postgres";

    private final DockerContainer container;

    private ContainerPostgresServer(DockerContainer container) {
        this.container = container;
    }

    static PostgresServer launch() {
        DockerContainer container = DockerContainer.start("postgres:15", 5432,
                List.of("postgres", "-c", "wal_level=replica", "-c", "max_wal_senders=10", "-c", "fsync=off"),
                List.of("POSTGRES_PASSWORD=" + PASSWORD),
                port -> (BooleanSupplier) () -> connects(port));
        return OpenServers.register(new ContainerPostgresServer(container));
    }

    private static boolean connects(int port) {
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://" + HOST + ":" + port + "/postgres?connectTimeout=2", USER, PASSWORD)) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public int port() {
        return container.hostPort();
    }

    @Override
    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + port() + "/" + database;
    }

    @Override
    public String user() {
        return USER;
    }

    @Override
    public String password() {
        return PASSWORD;
    }

    @Override
    public PostgresServer startReplica(String applicationName) {
        throw new UnsupportedOperationException("streaming replicas need local PostgreSQL binaries"
                + " (apt-get install postgresql); the Docker provider only starts primaries");
    }

    @Override
    public void stop() {
        container.stop();
    }

    @Override
    public void start() {
        container.start();
    }

    @Override
    public void close() {
        container.close();
        OpenServers.unregister(this);
    }
}
