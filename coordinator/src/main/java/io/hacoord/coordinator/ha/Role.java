package io.hacoord.coordinator.ha;

import java.util.Objects;

/**
 * The role of this node. Legal changes are listed in {@link RoleStateMachine}; anything else throws.
 *
 * <p>{@link Leader} says the node <em>won</em> a term; whether it may act <em>now</em> is always a question for
 * {@link LeaderTerm#isValid()}, which checks the lease deadline on monotonic time.
 */
public sealed interface Role {

    /** Short name used in heartbeats, the API and metrics. */
    String name();

    /** Why the node is in this role, in words an operator understands. */
    String reason();

    record Follower(String reason) implements Role {
        public Follower {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String name() {
            return "follower";
        }
    }

    record Leader(LeaderTerm term, String reason) implements Role {
        public Leader {
            Objects.requireNonNull(term, "term");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String name() {
            return "leader";
        }
    }

    record SteppingDown(LeaderTerm term, String reason) implements Role {
        public SteppingDown {
            Objects.requireNonNull(term, "term");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String name() {
            return "stepping-down";
        }
    }
}
