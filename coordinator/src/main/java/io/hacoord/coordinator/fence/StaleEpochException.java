package io.hacoord.coordinator.fence;

import java.io.Serial;
import java.util.OptionalLong;

/** Fenced work was refused, and not run, because its term's epoch is not the one the fence holds. */
public final class StaleEpochException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String resource;
    private final long storedEpoch;
    private final long offeredEpoch;

    /** @param storedEpoch the epoch the fence holds; {@link Fence#NO_EPOCH} when no term has advanced it yet */
    public StaleEpochException(String resource, long storedEpoch, long offeredEpoch) {
        super(message(resource, storedEpoch, offeredEpoch));
        this.resource = resource;
        this.storedEpoch = storedEpoch;
        this.offeredEpoch = offeredEpoch;
    }

    public String resource() {
        return resource;
    }

    /** The epoch the fence holds; empty when no term has advanced it yet. */
    public OptionalLong storedEpoch() {
        return storedEpoch == Fence.NO_EPOCH ? OptionalLong.empty() : OptionalLong.of(storedEpoch);
    }

    public long offeredEpoch() {
        return offeredEpoch;
    }

    private static String message(String resource, long stored, long offered) {
        String prefix = "fence '" + resource + "' refused work of epoch " + offered + ": ";
        if (stored == Fence.NO_EPOCH) {
            return prefix + "no term has advanced the fence yet (advance it at the start of the term)";
        }
        if (stored > offered) {
            return prefix + "it holds newer epoch " + stored + ", so that term is stale";
        }
        return prefix + "it holds older epoch " + stored + " (this term has not advanced the fence)";
    }
}
