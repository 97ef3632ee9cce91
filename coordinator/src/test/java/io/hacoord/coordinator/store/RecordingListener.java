package io.hacoord.coordinator.store;

import io.hacoord.coordinator.election.LeaderElection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records an election's connectivity events as "interrupted", "lost" and "reconnected", in order. */
public final class RecordingListener implements LeaderElection.Listener {

    private final List<String> events = new CopyOnWriteArrayList<>();

    /** Registers a new recorder on the election and returns its live event list. */
    public static List<String> on(LeaderElection election) {
        RecordingListener l = new RecordingListener();
        election.setListener(l);
        return l.events;
    }

    @Override
    public void connectionInterrupted(String reason) {
        events.add("interrupted");
    }

    @Override
    public void leaseLost(String reason) {
        events.add("lost");
    }

    @Override
    public void reconnected() {
        events.add("reconnected");
    }
}
