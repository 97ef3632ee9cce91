package io.hacoord.replication.postgres;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What one probe of one PostgreSQL server found: a primary, a standby, or no answer. */
public sealed interface PostgresNodeStatus {

    PostgresEndpoint endpoint();

    /**
     * Not in recovery. {@code timeline} is from the name of the current WAL segment; {@code replicas} is
     * {@code pg_stat_replication}, one row per connected WAL sender.
     */
    record Primary(PostgresEndpoint endpoint, Lsn currentLsn, long timeline, List<WalSender> replicas)
            implements PostgresNodeStatus {
        public Primary {
            Objects.requireNonNull(currentLsn, "currentLsn");
            replicas = List.copyOf(replicas);
        }

        public Optional<WalSender> replica(String applicationName) {
            return replicas.stream().filter(r -> r.applicationName().equals(applicationName)).findFirst();
        }
    }

    /**
     * In recovery. Positions are null when PostgreSQL does not know them (e.g. nothing received yet);
     * {@code replayTimestamp} is the commit time of the last replayed transaction, {@code serverTime}
     * the standby's clock at the probe; {@code receiver} is {@code pg_stat_wal_receiver}, empty when no
     * WAL receiver runs.
     */
    record Standby(PostgresEndpoint endpoint, Lsn receiveLsn, Lsn replayLsn, Instant replayTimestamp,
                   Instant serverTime, boolean replayPaused, Optional<WalReceiver> receiver)
            implements PostgresNodeStatus {
        public Standby {
            Objects.requireNonNull(serverTime, "serverTime");
            Objects.requireNonNull(receiver, "receiver");
        }

        /** The furthest position this standby holds: received, or replayed when nothing was received. */
        public Lsn furthestLsn() {
            if (receiveLsn == null) {
                return replayLsn;
            }
            return replayLsn == null || receiveLsn.compareTo(replayLsn) >= 0 ? receiveLsn : replayLsn;
        }

        public boolean streaming() {
            return receiver.map(r -> "streaming".equals(r.status())).orElse(false);
        }
    }

    /** No answer within the probe timeout, or an error; {@code reason} says which, without secrets. */
    record Unreachable(PostgresEndpoint endpoint, String reason) implements PostgresNodeStatus {}

    /** A row of {@code pg_stat_replication} on a primary. Lags are null where PostgreSQL reports NULL. */
    record WalSender(String applicationName, String clientAddress, String state, String syncState,
                     Lsn sentLsn, Lsn writeLsn, Lsn flushLsn, Lsn replayLsn,
                     Duration writeLag, Duration flushLag, Duration replayLag, Long replayBytesBehind) {
        public WalSender {
            Objects.requireNonNull(applicationName, "applicationName");
        }
    }

    /** {@code pg_stat_wal_receiver} on a standby (its conninfo is not read: it may hold a password). */
    record WalReceiver(String status, long receivedTimeline, Lsn flushedLsn, String senderHost, int senderPort,
                       Instant lastMessageReceipt) {}
}
