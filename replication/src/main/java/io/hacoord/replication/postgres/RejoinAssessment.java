package io.hacoord.replication.postgres;

/** Whether a former primary can rejoin the new primary as a standby as it is, or must be rewound first. */
public sealed interface RejoinAssessment {

    String reason();

    /** It wrote WAL past the point where the new primary's timeline forked: {@code pg_rewind} (or a new base backup) first. */
    record NeedsRewind(String reason) implements RejoinAssessment {}

    /** Its WAL ends at or before the fork: it can be restarted as a standby of the new primary. */
    record CanFollow(String reason) implements RejoinAssessment {}

    /** Not enough is known to say (unreachable, not a former primary, history unreadable). */
    record Undetermined(String reason) implements RejoinAssessment {}
}
