package io.hacoord.coordinator.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hacoord.coordinator.store.Lease;
import io.hacoord.coordinator.time.FakeNanoClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoleStateMachineTest {

    private final FakeNanoClock clock = new FakeNanoClock();
    private final LeaderTerm term = new LeaderTerm(new Lease("n1", "t", 7, clock.nanoTime(), clock.nanoTime()),
            Duration.ofSeconds(2), clock, Instant.EPOCH);

    @Test
    void followerBecomesLeaderThenStepsDownThenFollowsAgain() {
        Role.Follower f = new Role.Follower("start");
        RoleStateMachine m = new RoleStateMachine(f);
        Role.Leader l = new Role.Leader(term, "elected");
        Role.SteppingDown s = new Role.SteppingDown(term, "deadline");
        Role.Follower f2 = new Role.Follower("stepped down");
        assertThat(m.transition(f, l)).isTrue();
        assertThat(m.transition(l, s)).isTrue();
        assertThat(m.transition(s, f2)).isTrue();
        assertThat(m.current()).isSameAs(f2);
    }

    @Test
    void everyTransitionOutsideTheTableThrowsWithBothRolesNamed() {
        Role.Follower f = new Role.Follower("start");
        Role.Leader l = new Role.Leader(term, "elected");
        Role.SteppingDown s = new Role.SteppingDown(term, "x");
        RoleStateMachine m = new RoleStateMachine(f);
        assertThatThrownBy(() -> m.transition(f, s)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("follower -> stepping-down");
        assertThatThrownBy(() -> m.transition(l, new Role.Follower("skip")))
                .hasMessageContaining("leader -> follower");
        assertThatThrownBy(() -> m.transition(s, l)).hasMessageContaining("stepping-down -> leader");
        assertThatThrownBy(() -> m.transition(l, l)).hasMessageContaining("leader -> leader");
        assertThat(m.current()).isSameAs(f);
    }

    @Test
    void onlyOneOfTwoRacingStepDownsFromTheSameRoleSucceeds() {
        Role.Follower f = new Role.Follower("start");
        RoleStateMachine m = new RoleStateMachine(f);
        Role.Leader l = new Role.Leader(term, "elected");
        m.transition(f, l);
        assertThat(m.transition(l, new Role.SteppingDown(term, "watchdog"))).isTrue();
        assertThat(m.transition(l, new Role.SteppingDown(term, "loop"))).isFalse();
        assertThat(m.current().reason()).isEqualTo("watchdog");
    }

    @Test
    void listenersSeeEveryChangeAndAFailingListenerDoesNotUndoIt() {
        Role.Follower f = new Role.Follower("start");
        RoleStateMachine m = new RoleStateMachine(f);
        List<String> seen = new ArrayList<>();
        m.addListener((from, to) -> {
            throw new IllegalStateException("listener bug");
        });
        m.addListener((from, to) -> seen.add(from.name() + "->" + to.name()));
        Role.Leader l = new Role.Leader(term, "elected");
        assertThat(m.transition(f, l)).isTrue();
        assertThat(seen).containsExactly("follower->leader");
        assertThat(m.current()).isSameAs(l);
    }
}
