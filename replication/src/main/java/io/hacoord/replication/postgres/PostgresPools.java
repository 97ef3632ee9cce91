package io.hacoord.replication.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One small HikariCP pool per endpoint, created on first use, each bounded by the probe timeout.
 *
 * <p>Pools start empty and never fail at creation ({@code initializationFailTimeout=-1}), so an endpoint
 * that is down costs nothing until it is probed. Connect, socket and pool-borrow timeouts all derive
 * from the one timeout, so that a dead or partitioned server is reported, not waited on.
 */
public final class PostgresPools implements AutoCloseable {

    private static final int MAX_CONNECTIONS_PER_ENDPOINT = 2;
    private static final long HIKARI_MIN_TIMEOUT_MS = 250;

    private final Duration timeout;
    private final Map<String, HikariDataSource> pools = new ConcurrentHashMap<>();

    public PostgresPools(Duration timeout) {
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }

    /** A pooled connection to {@code endpoint}, in auto-commit mode. */
    public Connection connect(PostgresEndpoint endpoint) throws SQLException {
        return pools.computeIfAbsent(endpoint.name(), n -> newPool(endpoint)).getConnection();
    }

    private HikariDataSource newPool(PostgresEndpoint endpoint) {
        long ms = Math.max(HIKARI_MIN_TIMEOUT_MS, timeout.toMillis());
        long seconds = Math.max(1, (ms + 999) / 1000);
        HikariConfig config = new HikariConfig();
        config.setPoolName("replication-" + endpoint.name());
        config.setJdbcUrl(endpoint.jdbcUrl());
        config.setUsername(endpoint.user());
        config.setPassword(endpoint.password());
        config.setMaximumPoolSize(MAX_CONNECTIONS_PER_ENDPOINT);
        config.setMinimumIdle(0);
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(ms);
        config.setValidationTimeout(Math.max(HIKARI_MIN_TIMEOUT_MS, ms / 2));
        config.setAutoCommit(true);
        config.addDataSourceProperty("connectTimeout", Long.toString(seconds));
        config.addDataSourceProperty("socketTimeout", Long.toString(seconds + 1));
        config.addDataSourceProperty("loginTimeout", Long.toString(seconds));
        config.addDataSourceProperty("ApplicationName", "hacoord-replication");
        return new HikariDataSource(config);
    }

    /** Closes the pool of an endpoint, e.g. after its role changed, so that no stale session is reused. */
    public void evict(String endpointName) {
        HikariDataSource pool = pools.remove(endpointName);
        if (pool != null) {
            pool.close();
        }
    }

    @Override
    public void close() {
        pools.values().forEach(HikariDataSource::close);
        pools.clear();
    }
}
