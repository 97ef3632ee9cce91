package io.hacoord.backup.source;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * How to reach a PostgreSQL database, for JDBC and for the command-line tools. The password goes to
 * the tools through {@code PGPASSWORD} (never on a command line, which {@code ps} shows) and is left
 * out of {@link #toString()}.
 */
public record PostgresConnection(String host, int port, String database, String user, String password) {

    public PostgresConnection {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    public PostgresConnection withDatabase(String other) {
        return new PostgresConnection(host, port, other, user, password);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** {@code postgres://user@host:port/database}, for manifests and messages. */
    public String description() {
        return "postgres://" + user + "@" + host + ":" + port + "/" + database;
    }

    public Connection open() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(jdbcUrl(), props);
    }

    /** The connection options of a PostgreSQL client tool, {@code -d} last. */
    List<String> toolArguments() {
        return new ArrayList<>(List.of("-h", host, "-p", Integer.toString(port), "-U", user, "-d", database));
    }

    Map<String, String> toolEnvironment() {
        return password == null ? Map.of() : Map.of("PGPASSWORD", password);
    }

    @Override
    public String toString() {
        return "PostgresConnection[" + description() + "]";
    }
}
