package io.hacoord.coordinator.ha;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the node's {@link Role} and allows only the transitions in {@link #LEGAL}; any other throws
 * {@link IllegalStateException}. Transitions are compare-and-set, so two threads racing to step down the same term
 * cannot both succeed. Listeners are called after the change, outside any lock, and their exceptions are contained.
 */
public final class RoleStateMachine {

    private static final Logger log = LoggerFactory.getLogger(RoleStateMachine.class);

    /** From-role class → the role classes it may change to. */
    static final Map<Class<? extends Role>, Set<Class<? extends Role>>> LEGAL = Map.of(
            Role.Follower.class, Set.of(Role.Leader.class),
            Role.Leader.class, Set.of(Role.SteppingDown.class),
            Role.SteppingDown.class, Set.of(Role.Follower.class));

    /** Called after every role change. */
    @FunctionalInterface
    public interface Listener {
        void roleChanged(Role from, Role to);
    }

    private final AtomicReference<Role> current;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public RoleStateMachine(Role initial) {
        this.current = new AtomicReference<>(initial);
    }

    public Role current() {
        return current.get();
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /**
     * Changes from exactly {@code expected} to {@code next}.
     *
     * @return false if the role is no longer {@code expected} (another thread changed it first)
     * @throws IllegalStateException if the change is not in the table
     */
    public boolean transition(Role expected, Role next) {
        if (!isLegal(expected, next)) {
            throw new IllegalStateException("illegal role change " + expected.name() + " -> " + next.name()
                    + " (" + next.reason() + ")");
        }
        if (!current.compareAndSet(expected, next)) {
            return false;
        }
        log.info("role {} -> {}: {}", expected.name(), next.name(), next.reason());
        for (Listener l : listeners) {
            try {
                l.roleChanged(expected, next);
            } catch (RuntimeException e) {
                log.warn("role listener failed; the role change stands", e);
            }
        }
        return true;
    }

    static boolean isLegal(Role from, Role to) {
        return LEGAL.getOrDefault(from.getClass(), Set.of()).contains(to.getClass());
    }
}
