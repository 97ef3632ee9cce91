package io.hacoord.replication;

import java.time.Duration;
import java.util.Objects;

/**
 * How far a replica is behind its primary, and only as much of it as can be known.
 *
 * <p>Bytes are exact: the primary's write position minus the replica's replayed (PostgreSQL) or
 * processed (Redis) position. Time is given only where it means something: a replica whose position
 * equals the primary's is 0 s behind however old its last replayed transaction is (an idle primary
 * writes nothing, and a replay-timestamp lag would grow forever). When a figure cannot be known, the
 * variant says why, in words.
 */
public sealed interface Lag {

    /** Both figures are known. {@code basis} says how the time was obtained. */
    record Measured(long bytes, Duration time, String basis) implements Lag {
        public Measured {
            if (bytes < 0) {
                throw new IllegalArgumentException("bytes must be >= 0, got " + bytes);
            }
            Objects.requireNonNull(time, "time");
            if (time.isNegative()) {
                time = Duration.ZERO; // clocks of two servers: a replay timestamp may be a little in the future
            }
            Objects.requireNonNull(basis, "basis");
        }
    }

    /** The byte lag is known; the time lag is not, for {@code whyNoTime}. */
    record BytesOnly(long bytes, String whyNoTime) implements Lag {
        public BytesOnly {
            if (bytes < 0) {
                throw new IllegalArgumentException("bytes must be >= 0, got " + bytes);
            }
            Objects.requireNonNull(whyNoTime, "whyNoTime");
        }
    }

    /** Nothing is known, for {@code reason} (e.g. the replica or the primary did not answer). */
    record Unknown(String reason) implements Lag {
        public Unknown {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static Lag caughtUp() {
        return new Measured(0, Duration.ZERO, "caught up: same position as the primary");
    }

    /** The byte lag, or -1 when unknown. */
    default long bytesOrMinusOne() {
        return switch (this) {
            case Measured m -> m.bytes();
            case BytesOnly b -> b.bytes();
            case Unknown u -> -1;
        };
    }

    /** A short description for logs and reasons, e.g. {@code "2.0 MiB, 3.1 s"}. */
    default String describe() {
        return switch (this) {
            case Measured m -> new ByteCount(m.bytes()) + ", " + m.time().toMillis() / 1000.0 + " s";
            case BytesOnly b -> new ByteCount(b.bytes()) + ", time unknown (" + b.whyNoTime() + ")";
            case Unknown u -> "unknown (" + u.reason() + ")";
        };
    }
}
