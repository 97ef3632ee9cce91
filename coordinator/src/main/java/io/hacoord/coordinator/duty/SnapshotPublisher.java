package io.hacoord.coordinator.duty;

import io.hacoord.coordinator.ha.LeaderTerm;
import io.hacoord.coordinator.store.ClusterStore;
import io.hacoord.coordinator.store.SnapshotRecord;
import io.hacoord.coordinator.view.ClusterViews;
import java.time.Duration;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first leader duty: every interval, the leader publishes the cluster state to the store, stamped with its
 * epoch, so that every node serves the same {@code /cluster} answer. The store refuses a snapshot older than the
 * one it holds, so a stale leader cannot overwrite a newer term's state.
 */
public final class SnapshotPublisher extends PeriodicDuty {

    private static final Logger log = LoggerFactory.getLogger(SnapshotPublisher.class);

    private final ClusterStore store;
    private final ClusterViews views;
    private final InstantSource wall;
    private volatile long published;
    private volatile long refused;

    public SnapshotPublisher(ClusterStore store, ClusterViews views, InstantSource wall, Duration interval) {
        super(interval);
        this.store = store;
        this.views = views;
        this.wall = wall;
    }

    @Override
    public String name() {
        return "snapshot-publisher";
    }

    public long published() {
        return published;
    }

    public long refused() {
        return refused;
    }

    @Override
    protected void step(LeaderTerm term) throws Exception {
        String json = ClusterViews.toJson(views.stateFor(term));
        if (!term.isValid()) {
            return; // the check closest to the side effect
        }
        if (store.publishSnapshot(new SnapshotRecord(term.epoch(), term.node(), wall.instant(), json))) {
            published++;
        } else {
            refused++;
            log.warn("term {}: snapshot refused, the store holds one from a newer term", term.epoch());
        }
    }
}
