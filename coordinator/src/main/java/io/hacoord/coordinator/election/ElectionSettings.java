package io.hacoord.coordinator.election;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The timing of an election, validated so that an unsafe combination cannot be started.
 *
 * <ul>
 *   <li>{@code ttl}: the lease TTL (Redis {@code PX}) or ZooKeeper session timeout. A dead leader is replaced
 *       within {@code ttl} plus one follower retry.</li>
 *   <li>{@code renewInterval}: how often the leader renews; at most TTL/3 so that a single lost renewal is not
 *       fatal.</li>
 *   <li>{@code renewDeadline}: the leader stops acting (duties stopped, {@code /leader} answers 503) when no renewal
 *       has been confirmed for this long, counted from the send time of the last confirmed one. It must leave room
 *       before the TTL: {@code ttl - renewDeadline} is the time the duties have to stop, and covers clock-rate drift
 *       between the leader and the store.</li>
 *   <li>{@code commandTimeout}: the longest one store call may take; below the renew interval so a hung call can
 *       never hold the loop past the next renewal.</li>
 * </ul>
 */
public record ElectionSettings(Duration ttl, Duration renewInterval, Duration renewDeadline, Duration commandTimeout) {

    /** The smallest TTL we accept: below this, scheduling jitter of a busy JVM eats the margins. */
    public static final Duration MIN_TTL = Duration.ofMillis(300);

    public ElectionSettings {
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(renewInterval, "renewInterval");
        Objects.requireNonNull(renewDeadline, "renewDeadline");
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        List<String> problems = problems(ttl, renewInterval, renewDeadline, commandTimeout);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** The defaults: renew every TTL/3, stop acting at 2/3 TTL, one call at most half a renew interval. */
    public static ElectionSettings defaultsFor(Duration ttl) {
        Duration renew = ttl.dividedBy(3);
        return new ElectionSettings(ttl, renew, ttl.multipliedBy(2).dividedBy(3), defaultCommandTimeout(renew));
    }

    public static Duration defaultCommandTimeout(Duration renewInterval) {
        return renewInterval.dividedBy(2);
    }

    /**
     * Every reason the combination is unsafe, keyed by the setting name used in the configuration file; empty when
     * it is safe. Used by the config loader to list every problem at once.
     */
    public static List<String> problems(Duration ttl, Duration renewInterval, Duration renewDeadline,
                                        Duration commandTimeout) {
        List<String> out = new ArrayList<>();
        if (ttl.compareTo(MIN_TTL) < 0) {
            out.add("election.timeout " + ttl.toMillis() + "ms is below the minimum of " + MIN_TTL.toMillis()
                    + "ms: scheduling jitter would eat the safety margin");
        }
        if (renewInterval.isZero() || renewInterval.isNegative()) {
            out.add("election.renewInterval must be positive");
        } else if (renewInterval.multipliedBy(3).compareTo(ttl) > 0) {
            out.add("election.renewInterval " + renewInterval.toMillis() + "ms is more than a third of "
                    + "election.timeout " + ttl.toMillis() + "ms: one lost renewal would lose the lease");
        }
        if (renewDeadline.compareTo(ttl) >= 0) {
            out.add("election.renewDeadline " + renewDeadline.toMillis() + "ms must be below election.timeout "
                    + ttl.toMillis() + "ms: a leader would still act after its lease expired and another took over");
        } else if (renewDeadline.multipliedBy(10).compareTo(ttl.multipliedBy(9)) > 0) {
            out.add("election.renewDeadline " + renewDeadline.toMillis() + "ms leaves less than 10% of "
                    + "election.timeout " + ttl.toMillis() + "ms to stop the leader duties and absorb clock drift");
        }
        if (renewDeadline.compareTo(renewInterval.multipliedBy(2)) < 0) {
            out.add("election.renewDeadline " + renewDeadline.toMillis() + "ms must allow at least two renewals "
                    + "(2 x election.renewInterval = " + renewInterval.multipliedBy(2).toMillis() + "ms)");
        }
        if (commandTimeout.isZero() || commandTimeout.isNegative() || commandTimeout.compareTo(renewInterval) >= 0) {
            out.add("store command timeout " + commandTimeout.toMillis() + "ms must be positive and below "
                    + "election.renewInterval " + renewInterval.toMillis() + "ms");
        }
        return out;
    }

    /** How long the leader duties have to stop between the renew deadline and the lease's expiry in the store. */
    public Duration dutyStopBudget() {
        return ttl.minus(renewDeadline);
    }
}
