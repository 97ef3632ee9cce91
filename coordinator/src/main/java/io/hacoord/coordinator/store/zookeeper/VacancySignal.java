package io.hacoord.coordinator.store.zookeeper;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A generation counter that waiters block on: anything that may have freed the leader node (a watch firing, a
 * connection change, {@code wakeUp()}) bumps it. A waiter reads the generation <em>before</em> it looks at the store,
 * so a signal that arrives between the look and the wait is not missed.
 */
final class VacancySignal {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long generation;

    long generation() {
        lock.lock();
        try {
            return generation;
        } finally {
            lock.unlock();
        }
    }

    void signal() {
        lock.lock();
        try {
            generation++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the generation differs from {@code seen} or {@code maxWait} has passed. */
    void awaitChange(long seen, Duration maxWait) throws InterruptedException {
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
