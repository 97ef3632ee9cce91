package io.hacoord.coordinator.fence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.hacoord.coordinator.config.FenceConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * Fences a leader's side effects in PostgreSQL so that a stale leader's write is refused (DESIGN.md, rule 2).
 *
 * <p>One row of {@code hacoord_fence} per resource holds the epoch of the newest term that has started.
 * <ul>
 *   <li>At the start of a term the leader calls {@link #advance}: the row moves to the term's epoch only if it holds
 *       a lower one, so epochs never go back.</li>
 *   <li>Every side effect runs through {@link #inTransaction}, which reads the row {@code FOR SHARE} first and runs
 *       the work only if it holds exactly the term's epoch. The shared row lock makes a newer term's
 *       {@code advance} wait until every fenced transaction already past the check has finished; once the advance
 *       has committed, no transaction of an older epoch can pass the check. So an older term's write either
 *       committed before the newer term began, or never happens.</li>
 * </ul>
 *
 * <p>The work must run on the connection it is given, in the fence's transaction; writes through any other
 * connection are not fenced. A fenced transaction that hangs also holds up the next term's {@code advance}: keep
 * fenced work short, and bound it with statement and idle-in-transaction timeouts on the server.
 */
public final class Fence implements AutoCloseable {

    /** What {@link #currentEpoch} returns when no term has advanced the fence yet; real epochs are positive. */
    public static final long NO_EPOCH = 0;

    static final String POOL_NAME = "hacoord-fence";
    static final int POOL_MAX_CONNECTIONS = 4;
    static final long POOL_CONNECTION_TIMEOUT_MS = 2_000;

    /** Serializes concurrent first-time schema creation; a constant key private to this table. */
    private static final long SCHEMA_LOCK_KEY = 0x6861636f6f7264L; // "hacoord"
    private static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS hacoord_fence ("
            + "resource text PRIMARY KEY, epoch bigint NOT NULL, node text NOT NULL, "
            + "updated_at timestamptz NOT NULL DEFAULT now())";
    /** The canary's rows: written by {@link FenceCanary} through {@link #inTransaction}, ordered by {@code id}. */
    static final String CREATE_CANARY_TABLE = "CREATE TABLE IF NOT EXISTS hacoord_fence_canary ("
            + "id bigserial PRIMARY KEY, resource text NOT NULL, epoch bigint NOT NULL, node text NOT NULL, "
            + "seq bigint NOT NULL, written_at timestamptz NOT NULL DEFAULT now())";
    private static final String ADVANCE = "INSERT INTO hacoord_fence (resource, epoch, node) VALUES (?, ?, ?) "
            + "ON CONFLICT (resource) DO UPDATE SET epoch = EXCLUDED.epoch, node = EXCLUDED.node, updated_at = now() "
            + "WHERE hacoord_fence.epoch < EXCLUDED.epoch";
    private static final String READ_EPOCH = "SELECT epoch FROM hacoord_fence WHERE resource = ?";
    private static final String LOCK_EPOCH = READ_EPOCH + " FOR SHARE";
    private static final String DUPLICATE_TABLE = "42P07";
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final String resource;
    private final AutoCloseable ownedPool;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A fence on {@code resource} through connections the caller owns; {@link #close()} leaves them alone. */
    public Fence(DataSource dataSource, String resource) {
        this(dataSource, resource, null);
    }

    private Fence(DataSource dataSource, String resource, AutoCloseable ownedPool) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.resource = Objects.requireNonNull(resource, "resource");
        this.ownedPool = ownedPool;
    }

    /**
     * A fence with its own small connection pool, closed by {@link #close()}. The pool starts even when the database
     * is down (calls fail until it is back): a node must come up to take part in elections either way.
     */
    public static Fence fromConfig(FenceConfig config) {
        HikariConfig pool = new HikariConfig();
        pool.setPoolName(POOL_NAME);
        pool.setJdbcUrl(config.jdbcUrl());
        pool.setUsername(config.user());
        pool.setPassword(config.password());
        pool.setMaximumPoolSize(POOL_MAX_CONNECTIONS);
        pool.setMinimumIdle(1);
        pool.setConnectionTimeout(POOL_CONNECTION_TIMEOUT_MS);
        pool.setInitializationFailTimeout(-1);
        HikariDataSource dataSource = new HikariDataSource(pool);
        return new Fence(dataSource, config.resource(), dataSource);
    }

    public String resource() {
        return resource;
    }

    /**
     * Creates the fence table if it does not exist. Idempotent; concurrent callers (several nodes starting at once)
     * are serialized by an advisory lock, so none fails on PostgreSQL's catalog race of {@code CREATE TABLE IF NOT
     * EXISTS}.
     */
    public void ensureSchema() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            inLocalTransaction(c, () -> {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK_KEY + ")");
                    s.execute(CREATE_TABLE);
                    s.execute(CREATE_CANARY_TABLE);
                }
                return null;
            });
        } catch (SQLException e) {
            // Another creator that did not take the lock won the race: the table is there, which is all we want.
            if (!DUPLICATE_TABLE.equals(e.getSQLState()) && !UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    /**
     * Moves the fence to {@code epoch} at the start of a term, in one statement that never moves it back. Waits for
     * fenced transactions of the previous term that are in flight.
     *
     * @return true if the fence now holds exactly {@code epoch} (advanced now, or already); false if it holds a newer
     *         epoch, i.e. this term is stale and must not act
     */
    public boolean advance(long epoch, String node) throws SQLException {
        return advance(epoch, node, null);
    }

    /**
     * As {@link #advance(long, String)}, but waits at most {@code lockTimeout} for in-flight fenced transactions of
     * an older term (PostgreSQL {@code lock_timeout}); past it, throws and leaves the fence unchanged, so the caller
     * can retry instead of hanging behind a stale leader's stuck transaction.
     */
    public boolean advance(long epoch, String node, java.time.Duration lockTimeout) throws SQLException {
        requirePositive(epoch);
        Objects.requireNonNull(node, "node");
        try (Connection c = dataSource.getConnection()) {
            long stored = inLocalTransaction(c, () -> {
                if (lockTimeout != null) {
                    try (Statement t = c.createStatement()) {
                        t.execute("SET LOCAL lock_timeout = " + Math.max(1, lockTimeout.toMillis()));
                    }
                }
                try (PreparedStatement s = c.prepareStatement(ADVANCE)) {
                    s.setString(1, resource);
                    s.setLong(2, epoch);
                    s.setString(3, node);
                    s.executeUpdate();
                }
                // The upsert locked the row whether or not it changed it, so this reads what it left.
                return readEpoch(c, READ_EPOCH);
            });
            return stored == epoch;
        }
    }

    /**
     * Runs {@code work} in a transaction that holds the fence at {@code epoch}, and commits it. Refuses without
     * running the work when the fence holds any other epoch. Rolls back on any exception.
     *
     * @throws StaleEpochException the fence does not hold {@code epoch}; nothing was written
     */
    public <T> T inTransaction(long epoch, FencedWork<T> work) throws SQLException, StaleEpochException {
        requirePositive(epoch);
        Objects.requireNonNull(work, "work");
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                long stored = readEpoch(c, LOCK_EPOCH);
                if (stored != epoch) {
                    throw new StaleEpochException(resource, stored, epoch);
                }
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (Throwable t) {
                rollback(c, t);
                throw t;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    /** The epoch the fence holds now, for diagnostics; {@link #NO_EPOCH} when no term has advanced it. */
    public long currentEpoch() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return readEpoch(c, READ_EPOCH);
        }
    }

    /** Closes the pool {@link #fromConfig} built; leaves a caller's data source open. Idempotent. */
    @Override
    public void close() throws Exception {
        if (closed.compareAndSet(false, true) && ownedPool != null) {
            ownedPool.close();
        }
    }

    private long readEpoch(Connection c, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, resource);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : NO_EPOCH;
            }
        }
    }

    @FunctionalInterface
    private interface SqlBlock<T> {
        T run() throws SQLException;
    }

    private static <T> T inLocalTransaction(Connection c, SqlBlock<T> block) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            T result = block.run();
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            rollback(c, e);
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static void rollback(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static void requirePositive(long epoch) {
        if (epoch <= NO_EPOCH) {
            throw new IllegalArgumentException("epochs are positive, got " + epoch);
        }
    }
}
