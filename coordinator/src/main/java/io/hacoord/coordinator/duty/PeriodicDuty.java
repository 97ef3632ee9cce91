package io.hacoord.coordinator.duty;

import io.hacoord.coordinator.ha.LeaderTerm;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A duty that runs one step at a fixed interval on its own virtual thread while the term is valid. A step that
 * throws is logged and counted and the duty goes on (it must never die silently). Stop interrupts the thread and
 * waits for it within the budget.
 */
public abstract class PeriodicDuty implements LeaderDuty {

    private static final Logger log = LoggerFactory.getLogger(PeriodicDuty.class);

    private final Duration interval;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private volatile Thread thread;
    private volatile boolean stopping;
    private volatile long failures;

    protected PeriodicDuty(Duration interval) {
        this.interval = interval;
    }

    /** One step of the duty for this term. Called only while the term was valid just before. */
    protected abstract void step(LeaderTerm term) throws Exception;

    public long failures() {
        return failures;
    }

    @Override
    public void start(LeaderTerm term) {
        stopping = false;
        thread = Thread.ofVirtual().name("duty-" + name() + "-" + term.epoch()).start(() -> loop(term));
    }

    private void loop(LeaderTerm term) {
        while (!stopping && term.isValid()) {
            try {
                step(term);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                failures++;
                log.warn("duty {} step failed in term {}: {}", name(), term.epoch(), e.toString());
            } catch (Throwable t) { // an Error: this duty cannot go on, so neither may the term
                failures++;
                log.error("duty {} died in term {}; stepping down", name(), term.epoch(), t);
                term.requestStepDown("duty " + name() + " died: " + t);
                return;
            }
            if (!pause()) {
                return;
            }
        }
    }

    /** Waits one interval; false if interrupted or stopping. */
    private boolean pause() {
        lock.lock();
        try {
            long left = interval.toNanos();
            while (!stopping && left > 0) {
                left = wake.awaitNanos(left);
            }
            return !stopping;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void stop(String reason, Duration budget) throws InterruptedException {
        stopping = true;
        lock.lock();
        try {
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            t.join(Math.max(1, budget.toMillis()));
            if (t.isAlive()) {
                log.warn("duty {} still running {} ms after stop ({})", name(), budget.toMillis(), reason);
            }
        }
    }
}
