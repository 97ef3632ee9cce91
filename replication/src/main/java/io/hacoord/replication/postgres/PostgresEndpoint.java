package io.hacoord.replication.postgres;

import java.util.Objects;
import java.util.Set;

/**
 * One PostgreSQL server the library watches.
 *
 * @param name the server's name; replicas must stream with {@code application_name=name}, which is how
 *             a primary's {@code pg_stat_replication} rows are matched to endpoints, and how re-pointing sets it
 * @param host host name or address, as other servers reach it (it goes into {@code primary_conninfo})
 * @param port TCP port
 * @param database the database to connect to for probes
 * @param user a superuser (or a role with {@code pg_monitor}, plus the rights for promotion and
 *             {@code ALTER SYSTEM}); also the replication user written into {@code primary_conninfo}
 * @param password never shown by {@link #toString()}
 * @param priority higher wins a failover among replicas at the same position
 * @param tags operator tags, e.g. {@code nofailover}
 */
public record PostgresEndpoint(String name, String host, int port, String database, String user, String password,
                               int priority, Set<String> tags) {

    public PostgresEndpoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        if (name.isBlank() || !name.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("endpoint name must be letters, digits, '_', '.', '-': '" + name + "'");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
        tags = Set.copyOf(tags);
    }

    public static PostgresEndpoint of(String name, String host, int port, String user, String password) {
        return new PostgresEndpoint(name, host, port, "postgres", user, password, 0, Set.of());
    }

    public PostgresEndpoint withPriority(int newPriority) {
        return new PostgresEndpoint(name, host, port, database, user, password, newPriority, tags);
    }

    public PostgresEndpoint withTags(Set<String> newTags) {
        return new PostgresEndpoint(name, host, port, database, user, password, priority, newTags);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return "PostgresEndpoint[" + name + " " + host + ":" + port + "/" + database + " user=" + user
                + " priority=" + priority + " tags=" + tags + "]";
    }
}
