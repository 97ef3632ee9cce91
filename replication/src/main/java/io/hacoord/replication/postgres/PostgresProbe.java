package io.hacoord.replication.postgres;

import io.hacoord.replication.ProbeTimeout;
import io.hacoord.replication.postgres.PostgresNodeStatus.WalReceiver;
import io.hacoord.replication.postgres.PostgresNodeStatus.WalSender;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads one server's replication role and state: {@code pg_is_in_recovery()}, then either
 * {@code pg_stat_replication} (primary) or the receive/replay positions and {@code pg_stat_wal_receiver}
 * (standby). Every probe answers within the timeout, as {@link PostgresNodeStatus.Unreachable} if need be.
 */
public final class PostgresProbe {

    private static final String PRIMARY_SQL = """
            SELECT pg_current_wal_lsn()::text, ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::bigint""";
    private static final String SENDERS_SQL = """
            SELECT application_name, client_addr::text, state, sync_state, sent_lsn::text, write_lsn::text,
                   flush_lsn::text, replay_lsn::text, extract(epoch FROM write_lag)::float8,
                   extract(epoch FROM flush_lag)::float8, extract(epoch FROM replay_lag)::float8,
                   pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint
            FROM pg_stat_replication ORDER BY application_name""";
    private static final String STANDBY_SQL = """
            SELECT pg_last_wal_receive_lsn()::text, pg_last_wal_replay_lsn()::text,
                   pg_last_xact_replay_timestamp(), clock_timestamp(), pg_is_wal_replay_paused()""";
    private static final String RECEIVER_SQL = """
            SELECT status, received_tli, flushed_lsn::text, sender_host, sender_port, last_msg_receipt_time
            FROM pg_stat_wal_receiver""";

    private final PostgresPools pools;
    private final ProbeTimeout timeout;

    /** Probes through {@code pools}, each bounded by {@code pools.timeout()}. */
    public PostgresProbe(PostgresPools pools, ProbeTimeout timeout) {
        this.pools = pools;
        this.timeout = timeout;
    }

    public PostgresNodeStatus probe(PostgresEndpoint endpoint) {
        try {
            return timeout.run("PostgreSQL " + endpoint.name() + " (" + endpoint.host() + ":" + endpoint.port() + ")",
                    () -> read(endpoint));
        } catch (ProbeTimeout.ProbeFailedException e) {
            return new PostgresNodeStatus.Unreachable(endpoint, e.getMessage());
        }
    }

    private PostgresNodeStatus read(PostgresEndpoint endpoint) throws SQLException {
        int queryTimeout = (int) Math.max(1, timeout.timeout().toSeconds());
        try (Connection c = pools.connect(endpoint)) {
            boolean inRecovery;
            try (PreparedStatement s = c.prepareStatement("SELECT pg_is_in_recovery()")) {
                s.setQueryTimeout(queryTimeout);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    inRecovery = r.getBoolean(1);
                }
            }
            return inRecovery ? readStandby(c, endpoint, queryTimeout) : readPrimary(c, endpoint, queryTimeout);
        }
    }

    private PostgresNodeStatus.Primary readPrimary(Connection c, PostgresEndpoint endpoint, int queryTimeout)
            throws SQLException {
        Lsn current;
        long timeline;
        try (PreparedStatement s = c.prepareStatement(PRIMARY_SQL)) {
            s.setQueryTimeout(queryTimeout);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                current = Lsn.parse(r.getString(1));
                timeline = r.getLong(2);
            }
        }
        List<WalSender> senders = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(SENDERS_SQL)) {
            s.setQueryTimeout(queryTimeout);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    senders.add(new WalSender(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                            Lsn.parseNullable(r.getString(5)), Lsn.parseNullable(r.getString(6)),
                            Lsn.parseNullable(r.getString(7)), Lsn.parseNullable(r.getString(8)),
                            seconds(r, 9), seconds(r, 10), seconds(r, 11), r.getObject(12, Long.class)));
                }
            }
        }
        return new PostgresNodeStatus.Primary(endpoint, current, timeline, senders);
    }

    private PostgresNodeStatus.Standby readStandby(Connection c, PostgresEndpoint endpoint, int queryTimeout)
            throws SQLException {
        PostgresNodeStatus.Standby partial;
        try (PreparedStatement s = c.prepareStatement(STANDBY_SQL)) {
            s.setQueryTimeout(queryTimeout);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                partial = new PostgresNodeStatus.Standby(endpoint, Lsn.parseNullable(r.getString(1)),
                        Lsn.parseNullable(r.getString(2)), instant(r.getTimestamp(3)), instant(r.getTimestamp(4)),
                        r.getBoolean(5), Optional.empty());
            }
        }
        try (PreparedStatement s = c.prepareStatement(RECEIVER_SQL)) {
            s.setQueryTimeout(queryTimeout);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return partial;
                }
                WalReceiver receiver = new WalReceiver(r.getString(1), r.getLong(2), Lsn.parseNullable(r.getString(3)),
                        r.getString(4), r.getInt(5), instant(r.getTimestamp(6)));
                return new PostgresNodeStatus.Standby(endpoint, partial.receiveLsn(), partial.replayLsn(),
                        partial.replayTimestamp(), partial.serverTime(), partial.replayPaused(), Optional.of(receiver));
            }
        }
    }

    private static Duration seconds(ResultSet r, int column) throws SQLException {
        double value = r.getDouble(column);
        return r.wasNull() ? null : Duration.ofNanos(Math.round(value * 1e9));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
