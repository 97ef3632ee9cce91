package io.hacoord.coordinator.node;

import io.hacoord.coordinator.duty.LeaderDuty;
import io.hacoord.coordinator.ha.HaObserver;
import java.util.List;

/**
 * What a node runs besides its built-in duties (the snapshot publisher) and metrics.
 *
 * @param duties    further leader duties, started in this order after the built-in ones
 * @param observers further observers of the HA loop (e.g. the event log)
 * @param resources closed with the node, after the store (e.g. the fence's connection pool)
 */
public record NodeExtras(List<LeaderDuty> duties, List<HaObserver> observers, List<AutoCloseable> resources) {

    public static final NodeExtras NONE = new NodeExtras(List.of(), List.of(), List.of());

    public NodeExtras {
        duties = List.copyOf(duties);
        observers = List.copyOf(observers);
        resources = List.copyOf(resources);
    }

    public static NodeExtras duties(List<LeaderDuty> duties) {
        return new NodeExtras(duties, List.of(), List.of());
    }
}
