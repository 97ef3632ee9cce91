package io.hacoord.coordinator.ha;

import io.hacoord.coordinator.duty.DutyRunner;
import io.hacoord.coordinator.election.ElectionSettings;
import io.hacoord.coordinator.election.LeaderElection;
import io.hacoord.coordinator.ha.CycleOutcome.Kind;
import io.hacoord.coordinator.store.ClusterStore;
import io.hacoord.coordinator.store.LeaderRecord;
import io.hacoord.coordinator.store.Lease;
import io.hacoord.coordinator.store.StoreException;
import io.hacoord.coordinator.store.TermRecord;
import io.hacoord.coordinator.time.NanoClock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HA loop: one thread that runs {@link #runCycle()} over the current role and returns what it did and
 * why, plus a deadline watchdog that stops the duties at the lease deadline whatever the loop thread is doing.
 *
 * <p>Lifecycle {@code LATENT → STARTED → CLOSED}: a second {@link #start()} throws, {@link #close()} is idempotent.
 *
 * <p>Safety:
 * <ul>
 *   <li>The right to act is {@link LeaderTerm#isValid()}, a deadline on monotonic time counted from the send time
 *       of the last confirmed renewal. The watchdog fires at that deadline and steps down if no later renewal was
 *       confirmed; the loop checks it before every renewal.</li>
 *   <li>A renewal the store refuses, a lost ZooKeeper session, or an interrupted connection steps down at once.</li>
 *   <li>Stepping down revokes the term first (so {@code /leader} answers 503 at once), then stops the duties within
 *       {@code ttl - renewDeadline}, then records the end in the history, then releases the lease
 *       (compare-and-delete) so a follower can take over.</li>
 * </ul>
 */
public final class HaLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HaLoop.class);

    private enum Lifecycle { LATENT, STARTED, CLOSED }

    private final String nodeId;
    private final LeaderElection election;
    private final ClusterStore store;
    private final DutyRunner duties;
    private final ElectionSettings settings;
    private final NanoClock clock;
    private final InstantSource wall;
    private final HaObserver observer;
    private final RoleStateMachine roles = new RoleStateMachine(new Role.Follower("starting: not yet campaigned"));
    private final AtomicReference<Lifecycle> lifecycle = new AtomicReference<>(Lifecycle.LATENT);
    private final ReentrantLock waitLock = new ReentrantLock();
    private final Condition wake = waitLock.newCondition();
    private final Watchdog watchdog;
    private final Object stepDownLock = new Object();
    private volatile boolean woken;
    /** Set while the election reports its connection interrupted (SUSPENDED, disconnect), until it reconnects. */
    private volatile boolean connectionInterrupted;
    private volatile Optional<LeaderRecord> lastSeenLeader = Optional.empty();
    private volatile CycleOutcome lastOutcome = new CycleOutcome(Kind.FOLLOWING, "not started", Duration.ZERO);
    private volatile Thread loopThread;

    public HaLoop(String nodeId, LeaderElection election, ClusterStore store, DutyRunner duties,
                  ElectionSettings settings, NanoClock clock, InstantSource wall, HaObserver observer) {
        this.nodeId = nodeId;
        this.election = election;
        this.store = store;
        this.duties = duties;
        this.settings = settings;
        this.clock = clock;
        this.wall = wall;
        this.observer = observer;
        this.watchdog = new Watchdog(nodeId);
    }

    public RoleStateMachine roles() {
        return roles;
    }

    /** The valid term, if this node may act as leader at this instant; empty otherwise. */
    public Optional<LeaderTerm> validTerm() {
        return roles.current() instanceof Role.Leader l && l.term().isValid() ? Optional.of(l.term()) : Optional.empty();
    }

    /** The leader this node last saw in the store (for followers' answers). */
    public Optional<LeaderRecord> lastSeenLeader() {
        return lastSeenLeader;
    }

    public CycleOutcome lastOutcome() {
        return lastOutcome;
    }

    public boolean isAlive() {
        Thread t = loopThread;
        return t != null && t.isAlive();
    }

    public void start() {
        if (!lifecycle.compareAndSet(Lifecycle.LATENT, Lifecycle.STARTED)) {
            throw new IllegalStateException("HA loop of " + nodeId + " cannot be started more than once");
        }
        listenToElection();
        loopThread = Thread.ofPlatform().name("ha-loop-" + nodeId).start(this::loop);
    }

    /** Subscribes to the election's connectivity events; done by {@link #start()}, visible for tests. */
    void listenToElection() {
        election.setListener(new ElectionEvents());
    }

    private void loop() {
        while (lifecycle.get() == Lifecycle.STARTED) {
            CycleOutcome outcome;
            try {
                outcome = runCycle();
            } catch (RuntimeException e) {
                log.error("HA cycle failed unexpectedly; retrying", e);
                outcome = new CycleOutcome(Kind.STORE_UNREACHABLE, "unexpected error: " + e, settings.renewInterval());
            }
            if (outcome.kind() != lastOutcome.kind()) {
                log.info("HA cycle: {} ({})", outcome.kind(), outcome.reason());
            }
            lastOutcome = outcome;
            try {
                pause(outcome);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One decision over the current role. Runs on the loop thread; visible for tests. */
    CycleOutcome runCycle() {
        return switch (roles.current()) {
            case Role.Follower f -> followerCycle();
            case Role.Leader l -> leaderCycle(l);
            case Role.SteppingDown s -> new CycleOutcome(Kind.STEPPED_DOWN, "stepping down: " + s.reason(),
                    settings.renewInterval().dividedBy(4));
        };
    }

    private CycleOutcome followerCycle() {
        Optional<Lease> won;
        try {
            won = election.tryAcquire();
            if (won.isEmpty()) {
                Optional<LeaderRecord> leader = election.currentLeader();
                lastSeenLeader = leader;
                String who = leader.map(l -> l.node() + " holds the lease (epoch " + l.epoch() + ")")
                        .orElse("the lease was taken and released meanwhile");
                return new CycleOutcome(Kind.FOLLOWING, who, settings.ttl());
            }
        } catch (StoreException e) {
            return new CycleOutcome(Kind.STORE_UNREACHABLE, "cannot reach the store: " + e.getMessage(),
                    settings.renewInterval().dividedBy(2));
        }
        return becomeLeader(won.get());
    }

    private CycleOutcome becomeLeader(Lease lease) {
        Optional<LeaderRecord> previous = lastSeenLeader.filter(l -> !l.node().equals(nodeId));
        String reason = previous.map(p -> "elected: took over from " + p.node() + " (epoch " + p.epoch()
                + ") whose lease was released or expired").orElse("elected: the lease was free");
        LeaderTerm term = new LeaderTerm(lease, settings.renewDeadline(), clock, wall.instant(),
                this::requestStepDown);
        Role.Leader leader = new Role.Leader(term, reason + " (epoch " + lease.epoch() + ")");
        // Into the history before the node claims leadership: whoever sees it lead can read why.
        recordTermStart(term, reason);
        observer.elected(term, previous); // before the claim, so an event log never misses a term it acted in
        roles.transition(roles.current(), leader);
        lastSeenLeader = Optional.of(new LeaderRecord(nodeId, lease.epoch(), settings.ttl().toMillis()));
        scheduleDeadlineCheck(term);
        if (connectionInterrupted) {
            // The listener's step-down may have run before we were leader, and found nothing to do.
            return stepDown(leader, "connection to the store interrupted while taking office");
        }
        duties.startAll(term, settings.dutyStopBudget());
        // The first renewal is due one interval after the acquire was sent, not after the work above.
        Duration next = settings.renewInterval().minusNanos(clock.nanoTime() - lease.confirmedSentAtNanos());
        return new CycleOutcome(Kind.ELECTED, leader.reason(), next);
    }

    private void recordTermStart(LeaderTerm term, String reason) {
        try {
            store.recordTermStart(new TermRecord(term.epoch(), nodeId, term.startedAt(), reason, null, null),
                    "superseded by term " + term.epoch() + " of " + nodeId
                            + ": the leader's lease expired without a release");
        } catch (StoreException e) {
            log.warn("term {}: could not record its start in the history: {}", term.epoch(), e.getMessage());
        }
    }

    private CycleOutcome leaderCycle(Role.Leader leader) {
        LeaderTerm term = leader.term();
        if (!term.isValid()) {
            return stepDown(leader, deadlineReason(term));
        }
        long sentAt = clock.nanoTime();
        try {
            Optional<Lease> renewed = election.renew(term.lease());
            if (renewed.isEmpty()) {
                return stepDown(leader, "lease lost: the store no longer holds this node's token"
                        + " (it expired or another node took over)");
            }
            term.confirmed(renewed.get());
            observer.renewed(term, clock.nanoTime() - sentAt);
            scheduleDeadlineCheck(term);
            Duration next = settings.renewInterval().minusNanos(clock.nanoTime() - sentAt);
            return new CycleOutcome(Kind.RENEWED, "lease renewed (epoch " + term.epoch() + ")", next);
        } catch (StoreException e) {
            observer.renewFailed(e.getMessage());
            if (!term.isValid()) {
                return stepDown(leader, deadlineReason(term) + "; last error: " + e.getMessage());
            }
            Duration left = Duration.ofNanos(term.remainingNanos());
            Duration retry = settings.renewInterval().dividedBy(3);
            return new CycleOutcome(Kind.RENEW_FAILED, "renewal failed (" + e.getMessage() + "); acting for "
                    + left.toMillis() + " ms more unless a renewal succeeds", retry.compareTo(left) < 0 ? retry : left);
        }
    }

    private String deadlineReason(LeaderTerm term) {
        return term.isRevoked() ? "term revoked" : "lease deadline passed: no renewal confirmed within "
                + settings.renewDeadline().toMillis() + " ms (store unreachable or too slow)";
    }

    /**
     * Steps down from {@code leader}'s term: revoke, stop duties within budget, record the end, release. Safe to
     * call from any thread; only the first call for a term does the work.
     */
    CycleOutcome stepDown(Role.Leader leader, String reason) {
        LeaderTerm term = leader.term();
        term.revoke();
        synchronized (stepDownLock) {
            Role.SteppingDown stepping = new Role.SteppingDown(term, reason);
            if (!roles.transition(leader, stepping)) {
                return new CycleOutcome(Kind.STEPPED_DOWN, "already stepped down from term " + term.epoch(),
                        Duration.ZERO);
            }
            try {
                watchdog.cancelDeadline();
                duties.stopAll(reason, settings.dutyStopBudget());
                recordTermEnd(term, reason); // before the release: the successor's start must find it closed
                observer.steppedDown(term, reason); // before the release too: an event log never shows a gap
                election.release(term.lease(), reason);
            } catch (RuntimeException e) {
                log.error("term {}: step-down did not complete cleanly; the term is revoked all the same",
                        term.epoch(), e);
            } finally {
                // Whatever failed above, the node must campaign again, never stay stuck half-way.
                roles.transition(stepping, new Role.Follower("stepped down from term " + term.epoch() + ": "
                        + reason));
            }
        }
        wakeUp();
        return new CycleOutcome(Kind.STEPPED_DOWN, reason, Duration.ZERO);
    }

    private void recordTermEnd(LeaderTerm term, String reason) {
        try {
            store.recordTermEnd(term.epoch(), wall.instant(), reason);
        } catch (StoreException e) {
            log.warn("term {}: could not record its end in the history: {}", term.epoch(), e.getMessage());
        }
    }

    /** Steps down if this node is leader now (from any thread); returns whether it was. */
    public boolean stepDownIfLeader(String reason) {
        if (roles.current() instanceof Role.Leader l) {
            stepDown(l, reason);
            return true;
        }
        return false;
    }

    /** A duty found its term stale (e.g. the fence holds a newer epoch): step down from that term only. */
    private void requestStepDown(LeaderTerm term, String reason) {
        if (roles.current() instanceof Role.Leader l && l.term() == term) {
            term.revoke();
            watchdog.execute("requested step-down", () -> {
                if (roles.current() instanceof Role.Leader now && now.term() == term) {
                    stepDown(now, reason);
                }
            });
        }
    }

    private void scheduleDeadlineCheck(LeaderTerm term) {
        watchdog.deadlineIn(term.remainingNanos(), () -> checkDeadline(term));
    }

    private void checkDeadline(LeaderTerm term) {
        if (roles.current() instanceof Role.Leader l && l.term() == term) {
            if (term.isValid()) {
                scheduleDeadlineCheck(term); // renewed meanwhile
            } else {
                log.warn("term {}: lease deadline reached without a confirmed renewal; stopping duties now",
                        term.epoch());
                stepDown(l, deadlineReason(term));
            }
        }
    }

    private void pause(CycleOutcome outcome) throws InterruptedException {
        if (outcome.kind() == Kind.FOLLOWING) {
            election.awaitVacancy(outcome.next());
            return;
        }
        waitLock.lock();
        try {
            long left = outcome.next().toNanos();
            while (!woken && left > 0 && lifecycle.get() == Lifecycle.STARTED) {
                left = wake.awaitNanos(left);
            }
            woken = false;
        } finally {
            waitLock.unlock();
        }
    }

    /** Ends the current wait of the loop so that it runs a cycle now. */
    public void wakeUp() {
        waitLock.lock();
        try {
            woken = true;
            wake.signalAll();
        } finally {
            waitLock.unlock();
        }
        election.wakeUp();
    }

    /** Stops the loop; a leader stops its duties and releases its lease first. Idempotent. */
    @Override
    public void close() {
        Lifecycle was = lifecycle.getAndSet(Lifecycle.CLOSED);
        if (was == Lifecycle.CLOSED) {
            return;
        }
        stepDownIfLeader("shutdown: the node is stopping");
        wakeUp();
        Thread t = loopThread;
        if (t != null) {
            try {
                t.join(settings.ttl().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // The loop may have won a term while we were stopping it; give that up too.
            stepDownIfLeader("shutdown: the node is stopping");
        }
        // Let a step-down already under way on the watchdog finish its release before the store closes.
        watchdog.close(settings.ttl());
    }

    /** Runs a step-down off the client's event thread; after close, the shutdown path has already done it. */
    private void stepDownLater(String reason) {
        watchdog.execute("step-down", () -> stepDownIfLeader(reason));
    }

    /** Reacts to connectivity changes off the client's event thread. */
    private final class ElectionEvents implements LeaderElection.Listener {
        @Override
        public void connectionInterrupted(String reason) {
            connectionInterrupted = true;
            stepDownLater("connection to the store interrupted (" + reason + "): fenced work stops at once");
        }

        @Override
        public void leaseLost(String reason) {
            connectionInterrupted = true;
            stepDownLater("lease lost: " + reason);
        }

        @Override
        public void reconnected() {
            connectionInterrupted = false;
            wakeUp();
        }
    }
}
