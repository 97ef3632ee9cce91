package io.hacoord.replication;

import java.time.Instant;
import java.util.Objects;

/**
 * One reading of one replica's replication: its state, its lag and when the reading was taken
 * (by the sampler's injected clock).
 *
 * @param replica the replica's endpoint name
 * @param state its replication state
 * @param lag how far behind it is, as far as known
 * @param sampledAt when the probe that produced this reading started
 */
public record LagSample(String replica, ReplicaState state, Lag lag, Instant sampledAt) {

    public LagSample {
        Objects.requireNonNull(replica, "replica");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lag, "lag");
        Objects.requireNonNull(sampledAt, "sampledAt");
    }
}
