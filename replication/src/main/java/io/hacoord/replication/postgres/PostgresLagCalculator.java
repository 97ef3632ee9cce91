package io.hacoord.replication.postgres;

import io.hacoord.replication.Lag;
import io.hacoord.replication.ReplicaState;
import java.time.Duration;
import java.util.Optional;

/**
 * Turns probe results into a replica's state and lag. Pure: no I/O and no clock of its own (time lag
 * is computed from the standby's own clock and replay timestamp, both read in the same probe).
 *
 * <p>Bytes: the primary's current WAL position minus the standby's replayed position
 * ({@code pg_wal_lsn_diff} semantics, clamped at 0 because the two servers are probed concurrently).
 * Time: 0 when the bytes are 0, whatever the replay timestamp says (an idle primary commits nothing,
 * so that timestamp ages although nothing is missing). Otherwise the standby's clock minus the commit
 * time of the last transaction it replayed: an upper bound on how stale its data is (after a long idle
 * spell it overstates). Failing that, the primary's {@code replay_lag}; failing that, unknown.
 */
public final class PostgresLagCalculator {

    static final String TIME_BASIS_REPLAY_TIMESTAMP =
            "standby clock minus commit time of the last replayed transaction (an upper bound)";
    static final String TIME_BASIS_REPLAY_LAG = "pg_stat_replication.replay_lag on the primary";

    private PostgresLagCalculator() {}

    public static ReplicaState state(Optional<PostgresNodeStatus.Primary> primary, PostgresNodeStatus replica) {
        return switch (replica) {
            case PostgresNodeStatus.Unreachable u -> ReplicaState.UNREACHABLE;
            case PostgresNodeStatus.Primary p -> ReplicaState.DISCONNECTED;
            case PostgresNodeStatus.Standby s -> standbyState(primary, s);
        };
    }

    private static ReplicaState standbyState(Optional<PostgresNodeStatus.Primary> primary,
                                             PostgresNodeStatus.Standby standby) {
        Optional<String> senderState = primary.flatMap(p -> p.replica(standby.endpoint().name()))
                .map(PostgresNodeStatus.WalSender::state);
        if (senderState.isPresent()) {
            return "streaming".equals(senderState.get()) ? ReplicaState.STREAMING : ReplicaState.CATCHING_UP;
        }
        if (primary.isEmpty() && standby.streaming()) {
            return ReplicaState.STREAMING; // the primary did not answer us, but the standby's receiver still streams
        }
        return standby.receiver().isPresent() ? ReplicaState.CATCHING_UP : ReplicaState.DISCONNECTED;
    }

    /** The lag of {@code replica} behind {@code primary}. */
    public static Lag lag(Optional<PostgresNodeStatus.Primary> primary, PostgresNodeStatus replica) {
        return switch (replica) {
            case PostgresNodeStatus.Unreachable u -> new Lag.Unknown("replica unreachable: " + u.reason());
            case PostgresNodeStatus.Primary p -> new Lag.Unknown("not a replica: it is a primary on timeline "
                    + p.timeline());
            case PostgresNodeStatus.Standby s -> primary
                    .map(p -> standbyLag(p.currentLsn(), p.replica(s.endpoint().name()), s))
                    .orElseGet(() -> new Lag.Unknown("no primary answered, so there is nothing to compare with"));
        };
    }

    /**
     * Lag behind a reference position rather than a live primary: used to rank replicas when the primary
     * is gone, against the most advanced replica's position. Time is not known then.
     */
    public static Lag lagBehind(Lsn reference, PostgresNodeStatus.Standby standby) {
        if (standby.replayLsn() == null) {
            return new Lag.Unknown("the replica has replayed nothing yet");
        }
        long bytes = reference.bytesAfter(standby.replayLsn());
        return bytes == 0 ? Lag.caughtUp()
                : new Lag.BytesOnly(bytes, "the primary is unreachable; measured against the most advanced replica");
    }

    static Lag standbyLag(Lsn primaryLsn, Optional<PostgresNodeStatus.WalSender> sender,
                          PostgresNodeStatus.Standby standby) {
        if (standby.replayLsn() == null) {
            return new Lag.Unknown("the replica has replayed nothing yet");
        }
        long bytes = primaryLsn.bytesAfter(standby.replayLsn());
        if (bytes == 0) {
            return Lag.caughtUp();
        }
        if (standby.replayTimestamp() != null) {
            return new Lag.Measured(bytes, Duration.between(standby.replayTimestamp(), standby.serverTime()),
                    TIME_BASIS_REPLAY_TIMESTAMP);
        }
        Optional<Duration> replayLag = sender.map(PostgresNodeStatus.WalSender::replayLag);
        if (replayLag.isPresent()) {
            return new Lag.Measured(bytes, replayLag.get(), TIME_BASIS_REPLAY_LAG);
        }
        return new Lag.BytesOnly(bytes, "no transaction replayed since start and the primary reports no replay_lag");
    }
}
