package io.hacoord.coordinator.ha;

import static org.assertj.core.api.Assertions.assertThat;

import io.hacoord.coordinator.duty.DutyRunner;
import io.hacoord.coordinator.duty.LeaderDuty;
import io.hacoord.coordinator.election.ElectionSettings;
import io.hacoord.coordinator.ha.CycleOutcome.Kind;
import io.hacoord.coordinator.time.FakeNanoClock;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HA loop's decisions, one cycle at a time, on a fake monotonic clock (see {@link InMemoryStore} for why). */
class HaLoopCycleTest {

    private static final Duration TTL = Duration.ofSeconds(3);
    private final ElectionSettings settings = ElectionSettings.defaultsFor(TTL); // renew 1 s, deadline 2 s
    private final FakeNanoClock clock = new FakeNanoClock();
    private final InMemoryStore store = new InMemoryStore(clock, TTL);
    private final List<String> dutyLog = new CopyOnWriteArrayList<>();
    private final InMemoryStore.Election election = (InMemoryStore.Election) store.electionFor("n1");
    private final HaLoop loop = newLoop();

    private HaLoop newLoop() {
        DutyRunner duties = new DutyRunner(clock);
        duties.register(new LeaderDuty() {
            @Override
            public String name() {
                return "recorder";
            }

            @Override
            public void start(LeaderTerm term) {
                dutyLog.add("start " + term.epoch());
            }

            @Override
            public void stop(String reason, Duration budget) {
                dutyLog.add("stop: " + reason);
            }
        });
        return new HaLoop("n1", election, store, duties, settings, clock, Clock.systemUTC(), HaObserver.NONE);
    }

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void aFollowerWinsAFreeLeaseStartsItsDutiesAndRecordsTheTerm() throws Exception {
        CycleOutcome o = loop.runCycle();
        assertThat(o.kind()).isEqualTo(Kind.ELECTED);
        assertThat(o.reason()).contains("elected: the lease was free").contains("epoch 1");
        assertThat(loop.validTerm()).isPresent();
        assertThat(dutyLog).containsExactly("start 1");
        assertThat(store.history(10)).singleElement().satisfies(t -> assertThat(t.isOpen()).isTrue());
    }

    @Test
    void aFollowerFollowsTheHolderAndSaysWho() {
        store.takenBy("n2");
        CycleOutcome o = loop.runCycle();
        assertThat(o.kind()).isEqualTo(Kind.FOLLOWING);
        assertThat(o.reason()).isEqualTo("n2 holds the lease (epoch 1)");
        assertThat(loop.validTerm()).isEmpty();
    }

    @Test
    void anUnreachableStoreMeansNotLeader() {
        store.unreachable = true;
        CycleOutcome o = loop.runCycle();
        assertThat(o.kind()).isEqualTo(Kind.STORE_UNREACHABLE);
        assertThat(o.reason()).startsWith("cannot reach the store");
        assertThat(loop.validTerm()).isEmpty();
    }

    @Test
    void failedRenewalsKeepTheLeaderActingOnlyUntilTheDeadlineThenItStepsDown() {
        loop.runCycle();
        store.unreachable = true;
        clock.advance(Duration.ofMillis(1000));
        CycleOutcome o = loop.runCycle();
        assertThat(o.kind()).isEqualTo(Kind.RENEW_FAILED);
        assertThat(o.reason()).contains("acting for 1000 ms more");
        clock.advance(Duration.ofMillis(999));
        assertThat(loop.validTerm()).as("1 ns... 1 ms before the deadline").isPresent();
        clock.advance(Duration.ofMillis(1));
        assertThat(loop.validTerm()).as("at the deadline, whether or not a cycle ran").isEmpty();
        o = loop.runCycle();
        assertThat(o.kind()).isEqualTo(Kind.STEPPED_DOWN);
        assertThat(o.reason()).startsWith("lease deadline passed: no renewal confirmed within 2000 ms");
        assertThat(dutyLog).containsExactly("start 1", "stop: " + o.reason());
        assertThat(loop.roles().current()).isInstanceOf(Role.Follower.class);
    }

    @Test
    void theDeadlineIsReachedBeforeTheStoreLetsAnotherNodeIn() {
        loop.runCycle();
        store.unreachable = true;
        clock.advance(settings.renewDeadline());
        assertThat(loop.validTerm()).isEmpty();
        assertThat(store.held()).as("the store still holds our key: nobody else can act yet").isTrue();
    }

    @Test
    void afterItsLeaseExpiredAndAnotherNodeTookItTheOldLeaderFollowsTheNewOne() {
        loop.runCycle();
        clock.advance(TTL); // our key expired in the store...
        store.takenBy("n2"); // ...and n2 took it
        clock.advance(Duration.ofMillis(1));
        store.expiresAt = clock.nanoTime() + TTL.toNanos();
        CycleOutcome o = loop.runCycle();
        assertThat(o.kind()).isEqualTo(Kind.STEPPED_DOWN);
        o = loop.runCycle();
        assertThat(o.kind()).isEqualTo(Kind.FOLLOWING);
        assertThat(o.reason()).isEqualTo("n2 holds the lease (epoch 2)");
    }

    @Test
    void aRenewalRefusedWhileTheTermIsStillValidNamesTheLostLease() {
        loop.runCycle();
        store.token = "someone-else";
        CycleOutcome o = loop.runCycle();
        assertThat(o.kind()).isEqualTo(Kind.STEPPED_DOWN);
        assertThat(o.reason()).startsWith("lease lost: the store no longer holds this node's token");
        assertThat(dutyLog).last().isEqualTo("stop: " + o.reason());
    }

    @Test
    void aConfirmedRenewalExtendsTheTerm() {
        loop.runCycle();
        clock.advance(Duration.ofMillis(1000));
        assertThat(loop.runCycle().kind()).isEqualTo(Kind.RENEWED);
        clock.advance(Duration.ofMillis(1999));
        assertThat(loop.validTerm()).isPresent();
    }

    @Test
    void anInterruptedConnectionStopsTheLeaderAtOnceWithoutWaitingForTheDeadline() {
        loop.listenToElection();
        loop.runCycle();
        election.listener.connectionInterrupted("SUSPENDED");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> loop.roles().current() instanceof Role.Follower);
        assertThat(loop.validTerm()).isEmpty();
        assertThat(dutyLog).last().asString().contains("connection to the store interrupted (SUSPENDED)");
    }

    @Test
    void aDutyThatFindsItsTermStaleEndsItAtOnceAndTheLeaseIsReleased() {
        CycleOutcome o = loop.runCycle();
        LeaderTerm term = loop.validTerm().orElseThrow();
        term.requestStepDown("fence refused: PostgreSQL holds epoch 9, newer than this term's 1");
        assertThat(loop.validTerm()).as("invalid at once, before the step-down completes").isEmpty();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> loop.roles().current() instanceof Role.Follower);
        assertThat(dutyLog).last().isEqualTo("stop: fence refused: PostgreSQL holds epoch 9, newer than this term's 1");
        assertThat(store.held()).as("the lease was released").isFalse();
        assertThat(o.kind()).isEqualTo(Kind.ELECTED);
    }

    @Test
    void shutdownReleasesTheLeaseAndClosesTheTermInTheHistory() throws Exception {
        loop.runCycle();
        loop.close();
        assertThat(store.held()).isFalse();
        assertThat(store.history(1).getFirst().endReason()).isEqualTo("shutdown: the node is stopping");
    }
}
