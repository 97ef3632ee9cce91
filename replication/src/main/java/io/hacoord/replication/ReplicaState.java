package io.hacoord.replication;

/**
 * The replication state of one replica as this library sees it, with a stable numeric code for gauges.
 *
 * <p>{@link #STREAMING}: connected and receiving the live stream. {@link #CATCHING_UP}: connected but
 * still copying history (PostgreSQL {@code startup}/{@code catchup}/{@code backup}, Redis sync in
 * progress). {@link #DISCONNECTED}: the replica answers but its link to the primary is down.
 * {@link #UNREACHABLE}: the replica itself did not answer within the probe timeout.
 */
public enum ReplicaState {
    STREAMING(0),
    CATCHING_UP(1),
    DISCONNECTED(2),
    UNREACHABLE(3);

    private final int code;

    ReplicaState(int code) {
        this.code = code;
    }

    /** 0 streaming, 1 catching up, 2 disconnected, 3 unreachable: for the {@code replica_state} gauge. */
    public int code() {
        return code;
    }
}
