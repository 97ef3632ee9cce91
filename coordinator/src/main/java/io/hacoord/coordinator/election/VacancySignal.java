package io.hacoord.coordinator.election;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What {@link LeaderElection#awaitVacancy} blocks on, for every backend: a generation counter that anything which
 * may have freed the leader key bumps (a release message, a ZooKeeper watch, a connection change,
 * {@code wakeUp()}). A waiter reads the generation <em>before</em> it looks at the store, so a signal that arrives
 * between the look and the wait is not missed.
 */
public final class VacancySignal {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long generation;

    public long generation() {
        lock.lock();
        try {
            return generation;
        } finally {
            lock.unlock();
        }
    }

    public void signal() {
        lock.lock();
        try {
            generation++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the generation differs from {@code seen} or {@code maxWait} has passed. */
    public void awaitChange(long seen, Duration maxWait) throws InterruptedException {
        long left = maxWait.toNanos();
        lock.lock();
        try {
            while (generation == seen && left > 0) {
                left = changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }
}
