package io.hacoord.replication.lag;

import java.time.Instant;
import java.util.Objects;

/** A raised "lag over threshold" condition: which replica, why (as first raised), and since when. */
public record LagAlert(String replica, String reason, Instant since) {

    public LagAlert {
        Objects.requireNonNull(replica, "replica");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(since, "since");
    }
}
