package io.hacoord.replication.lag;

import io.hacoord.replication.LagSample;
import java.util.List;

/**
 * Takes one reading of every replica it knows. Must return within its own probe timeout, with an
 * {@link io.hacoord.replication.Lag.Unknown} for a replica it could not read, never by hanging or throwing.
 */
@FunctionalInterface
public interface LagSource {

    List<LagSample> sample();
}
