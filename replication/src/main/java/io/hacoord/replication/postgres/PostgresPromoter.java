package io.hacoord.replication.postgres;

import io.hacoord.replication.FencingCheck;
import io.hacoord.replication.PromotionOutcome;
import io.hacoord.replication.StaleTermException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * Promotes a PostgreSQL standby and re-points the other standbys to it. Side effects only: which standby
 * to promote is the {@link io.hacoord.replication.ranking.CandidateRanker}'s decision.
 *
 * <p>The caller's {@link FencingCheck} runs before each irreversible step: before {@code pg_promote}, and
 * before each re-pointing. A stale term before the promotion aborts it with nothing done; a stale term
 * later stops at that step, and the outcome lists what was done. The old primary is not touched (it may
 * be unreachable; fencing it off is the caller's job).
 *
 * <p>Re-pointing writes {@code primary_conninfo} with {@code ALTER SYSTEM} and reloads the configuration;
 * PostgreSQL 13+ restarts the WAL receiver on reload, and the default {@code recovery_target_timeline=latest}
 * lets it follow the new timeline. The password goes into {@code postgresql.auto.conf} on that standby, as
 * it must, but into no message of this class.
 */
public final class PostgresPromoter {

    private static final Executor DIRECT = Runnable::run;

    private final PostgresPools pools;
    private final Duration promoteTimeout;
    private final LongSupplier nanoTime;

    /**
     * @param promoteTimeout how long {@code pg_promote} may wait for the end of recovery (whole seconds, ≥ 1)
     * @param nanoTime a monotonic clock, for the duration reported in the outcome
     */
    public PostgresPromoter(PostgresPools pools, Duration promoteTimeout, LongSupplier nanoTime) {
        if (promoteTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("promoteTimeout must be at least 1 s, got " + promoteTimeout);
        }
        this.pools = pools;
        this.promoteTimeout = promoteTimeout;
        this.nanoTime = nanoTime;
    }

    /** Promotes {@code target}, then re-points each of {@code others} to it; the fencing check guards every step. */
    public PromotionOutcome promote(PostgresEndpoint target, List<PostgresEndpoint> others, FencingCheck fencing) {
        long start = nanoTime.getAsLong();
        List<String> done = new ArrayList<>();
        String step = "promote " + target.name();
        try {
            fencing.check(step);
        } catch (StaleTermException e) {
            return new PromotionOutcome.Aborted(step, "stale term before " + step + ": " + e.getMessage(), done);
        }
        String failure = promoteStandby(target);
        if (failure != null) {
            return new PromotionOutcome.Failed(step, failure, done);
        }
        done.add("promoted " + target.name());
        pools.evict(target.name());
        List<String> repointFailures = new ArrayList<>();
        for (PostgresEndpoint other : others) {
            String repoint = "re-point " + other.name() + " to " + target.name();
            try {
                fencing.check(repoint);
            } catch (StaleTermException e) {
                return new PromotionOutcome.Aborted(repoint, "stale term before " + repoint + ": " + e.getMessage(), done);
            }
            String error = repoint(other, target);
            if (error == null) {
                done.add("re-pointed " + other.name() + " to " + target.name());
            } else {
                repointFailures.add(other.name() + ": " + error);
            }
        }
        return new PromotionOutcome.Promoted(target.name(), Duration.ofNanos(nanoTime.getAsLong() - start),
                done, repointFailures);
    }

    /** Null on success, else the reason. */
    private String promoteStandby(PostgresEndpoint target) {
        int waitSeconds = (int) promoteTimeout.toSeconds();
        try (Connection c = pools.connect(target)) {
            c.setNetworkTimeout(DIRECT, (int) promoteTimeout.plusSeconds(5).toMillis());
            if (!queryBoolean(c, "SELECT pg_is_in_recovery()", waitSeconds)) {
                return target.name() + " is not a standby (not in recovery): nothing to promote";
            }
            if (!queryBoolean(c, "SELECT pg_promote(true, " + waitSeconds + ")", waitSeconds + 5)) {
                return target.name() + " did not finish promoting within " + waitSeconds + " s";
            }
            return null;
        } catch (SQLException e) {
            return "cannot promote " + target.name() + ": " + e.getMessage();
        }
    }

    /** Null on success, else the reason (never the SQL text or server message: they may quote the password). */
    private String repoint(PostgresEndpoint replica, PostgresEndpoint newPrimary) {
        String sql = "ALTER SYSTEM SET primary_conninfo = " + sqlLiteral(conninfo(replica, newPrimary));
        try (Connection c = pools.connect(replica); Statement s = c.createStatement()) {
            s.setQueryTimeout((int) Math.max(1, pools.timeout().toSeconds()));
            s.execute(sql);
            s.execute("SELECT pg_reload_conf()");
            return null;
        } catch (SQLException e) {
            return "ALTER SYSTEM/pg_reload_conf failed (SQLSTATE " + e.getSQLState() + ")";
        }
    }

    /** The libpq connection string a standby uses to stream from {@code primary}, named after the standby. */
    static String conninfo(PostgresEndpoint standby, PostgresEndpoint primary) {
        StringBuilder s = new StringBuilder();
        s.append("host=").append(conninfoValue(primary.host()));
        s.append(" port=").append(primary.port());
        s.append(" user=").append(conninfoValue(primary.user()));
        if (primary.password() != null && !primary.password().isEmpty()) {
            s.append(" password=").append(conninfoValue(primary.password()));
        }
        s.append(" application_name=").append(conninfoValue(standby.name()));
        return s.toString();
    }

    private static String conninfoValue(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String sqlLiteral(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static boolean queryBoolean(Connection c, String sql, int timeoutSeconds) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setQueryTimeout(timeoutSeconds);
            try (ResultSet r = s.executeQuery()) {
                return r.next() && r.getBoolean(1);
            }
        }
    }
}
