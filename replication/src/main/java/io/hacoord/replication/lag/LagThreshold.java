package io.hacoord.replication.lag;

import io.hacoord.replication.ByteCount;
import io.hacoord.replication.Lag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * When a replica's lag is "over threshold": more than {@code maxTime} or more than {@code maxBytes}
 * behind (defaults {@value #DEFAULT_MAX_SECONDS} s and {@value #DEFAULT_MAX_MIB} MiB), or unknown. An unknown lag
 * counts as over: a monitor that cannot see a replica must not report it as fine.
 */
public record LagThreshold(Duration maxTime, ByteCount maxBytes) {

    public static final long DEFAULT_MAX_SECONDS = 5;
    public static final long DEFAULT_MAX_MIB = 16;

    public LagThreshold {
        Objects.requireNonNull(maxTime, "maxTime");
        Objects.requireNonNull(maxBytes, "maxBytes");
        if (maxTime.isNegative()) {
            throw new IllegalArgumentException("maxTime must be >= 0, got " + maxTime);
        }
    }

    public static LagThreshold defaults() {
        return new LagThreshold(Duration.ofSeconds(DEFAULT_MAX_SECONDS), ByteCount.mebibytes(DEFAULT_MAX_MIB));
    }

    /** Why {@code lag} is over this threshold, or empty when it is within. */
    public Optional<String> exceededBy(Lag lag) {
        List<String> reasons = new ArrayList<>();
        switch (lag) {
            case Lag.Unknown u -> reasons.add("lag unknown: " + u.reason());
            case Lag.Measured m -> {
                bytesOver(m.bytes()).ifPresent(reasons::add);
                if (m.time().compareTo(maxTime) > 0) {
                    reasons.add("lag " + m.time().toMillis() / 1000.0 + " s exceeds " + maxTime.toMillis() / 1000.0 + " s");
                }
            }
            case Lag.BytesOnly b -> bytesOver(b.bytes()).ifPresent(reasons::add);
        }
        return reasons.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", reasons));
    }

    private Optional<String> bytesOver(long bytes) {
        return bytes > maxBytes.bytes()
                ? Optional.of("lag " + new ByteCount(bytes) + " exceeds " + maxBytes)
                : Optional.empty();
    }
}
