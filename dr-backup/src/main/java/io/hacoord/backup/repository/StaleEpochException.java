package io.hacoord.backup.repository;

/** A write from a fencing epoch older than one the repository has already accepted: a stale leader. */
public final class StaleEpochException extends java.io.IOException {

    private final long epoch;
    private final long highest;

    public StaleEpochException(String action, long epoch, long highest) {
        super("refused to " + action + ": epoch " + epoch + " is older than epoch " + highest
                + " that this repository has already seen (a newer leader exists)");
        this.epoch = epoch;
        this.highest = highest;
    }

    public long epoch() {
        return epoch;
    }

    public long highest() {
        return highest;
    }
}
