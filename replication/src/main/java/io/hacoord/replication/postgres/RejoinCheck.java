package io.hacoord.replication.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

/**
 * Detects a former primary that came back on a diverged timeline. Read-only; rejoining is not done here.
 *
 * <p>The new primary's timeline history file ({@code pg_wal/<tli>.history}, read with {@code pg_read_file},
 * which needs superuser or {@code pg_read_server_files}) says at which LSN each older timeline was left.
 * A former primary still on an older timeline whose WAL goes past that LSN has history the new primary
 * never saw: it needs a rewind.
 */
public final class RejoinCheck {

    private final PostgresPools pools;
    private final PostgresProbe probe;

    public RejoinCheck(PostgresPools pools, PostgresProbe probe) {
        this.pools = pools;
        this.probe = probe;
    }

    public RejoinAssessment assess(PostgresEndpoint formerPrimary, PostgresNodeStatus.Primary newPrimary) {
        return switch (probe.probe(formerPrimary)) {
            case PostgresNodeStatus.Unreachable u -> new RejoinAssessment.Undetermined(u.reason());
            case PostgresNodeStatus.Standby s -> new RejoinAssessment.Undetermined(
                    formerPrimary.name() + " is already in recovery");
            case PostgresNodeStatus.Primary old -> compare(old, newPrimary);
        };
    }

    private RejoinAssessment compare(PostgresNodeStatus.Primary old, PostgresNodeStatus.Primary current) {
        String name = old.endpoint().name();
        if (old.timeline() >= current.timeline()) {
            return new RejoinAssessment.Undetermined(name + " is on timeline " + old.timeline()
                    + ", not older than " + current.endpoint().name() + "'s timeline " + current.timeline());
        }
        Optional<Lsn> fork;
        try {
            fork = forkPoint(current, old.timeline());
        } catch (SQLException e) {
            return new RejoinAssessment.Undetermined("cannot read the timeline history of "
                    + current.endpoint().name() + ": " + e.getMessage());
        }
        if (fork.isEmpty()) {
            return new RejoinAssessment.Undetermined("timeline " + old.timeline() + " is not in the history of "
                    + current.endpoint().name() + "'s timeline " + current.timeline());
        }
        String where = name + " is a primary on timeline " + old.timeline() + " at WAL " + old.currentLsn()
                + "; " + current.endpoint().name() + " forked timeline " + current.timeline() + " from it at "
                + fork.get();
        return old.currentLsn().compareTo(fork.get()) > 0
                ? new RejoinAssessment.NeedsRewind("diverged: " + where + ", so " + name + " needs a rewind")
                : new RejoinAssessment.CanFollow(where + ": nothing past the fork, it can follow as it is");
    }

    /** The LSN at which {@code oldTimeline} was left, per the current primary's history file. */
    private Optional<Lsn> forkPoint(PostgresNodeStatus.Primary current, long oldTimeline) throws SQLException {
        String file = String.format(Locale.ROOT, "pg_wal/%08X.history", current.timeline());
        try (Connection c = pools.connect(current.endpoint());
             PreparedStatement s = c.prepareStatement("SELECT pg_read_file(?)")) {
            s.setQueryTimeout((int) Math.max(1, pools.timeout().toSeconds()));
            s.setString(1, file);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return parseForkPoint(r.getString(1), oldTimeline);
            }
        }
    }

    /** Lines are {@code <parent tli>\t<switch LSN>\t<reason>}; comments start with {@code #}. */
    static Optional<Lsn> parseForkPoint(String history, long timeline) {
        for (String line : history.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 2 && !fields[0].startsWith("#") && Long.parseLong(fields[0]) == timeline) {
                return Optional.of(Lsn.parse(fields[1]));
            }
        }
        return Optional.empty();
    }
}
