package io.hacoord.coordinator.duty;

import io.hacoord.coordinator.ha.LeaderTerm;
import io.hacoord.coordinator.time.NanoClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the registered duties when a term begins and stops them, in reverse order and within a total budget, when
 * it ends. A duty that fails to start is stopped and logged; the others run on. A duty that overruns its stop
 * budget is logged and counted; its further side effects are still refused by the term check and the epoch.
 */
public final class DutyRunner {

    private static final Logger log = LoggerFactory.getLogger(DutyRunner.class);

    private final List<LeaderDuty> duties = new CopyOnWriteArrayList<>();
    private final NanoClock clock;
    private final Object lock = new Object();
    private final AtomicLong overruns = new AtomicLong();
    private List<LeaderDuty> running = List.of();

    public DutyRunner(NanoClock clock) {
        this.clock = clock;
    }

    public void register(LeaderDuty duty) {
        duties.add(duty);
    }

    public List<String> names() {
        return duties.stream().map(LeaderDuty::name).toList();
    }

    /** Stops that did not finish within their budget, since start. */
    public long overruns() {
        return overruns.get();
    }

    /**
     * Starts every duty for the term; returns the names of those that failed to start. If the term ended while they
     * were starting (a step-down that found nothing running yet), stops them again within {@code stopBudget}.
     */
    public List<String> startAll(LeaderTerm term, Duration stopBudget) {
        List<LeaderDuty> started = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (LeaderDuty d : duties) {
            if (!term.isValid()) {
                log.warn("term {} became invalid while starting duties; {} not started", term.epoch(), d.name());
                break;
            }
            try {
                d.start(term);
                started.add(d);
                log.info("duty {} started for term {}", d.name(), term.epoch());
            } catch (Exception e) {
                failed.add(d.name());
                log.error("duty {} failed to start for term {}", d.name(), term.epoch(), e);
            }
        }
        synchronized (lock) {
            running = List.copyOf(started);
        }
        if (!term.isValid()) {
            stopAll("term " + term.epoch() + " ended while its duties were starting", stopBudget);
        }
        return failed;
    }

    /**
     * Stops the running duties in reverse start order, each within what is left of {@code budget}. Idempotent: a
     * second call finds nothing running.
     */
    public void stopAll(String reason, Duration budget) {
        List<LeaderDuty> toStop;
        synchronized (lock) {
            toStop = running;
            running = List.of();
        }
        long end = clock.nanoTime() + budget.toNanos();
        for (LeaderDuty d : toStop.reversed()) {
            long left = Math.max(0, end - clock.nanoTime());
            long t0 = clock.nanoTime();
            try {
                d.stop(reason, Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                log.warn("interrupted while stopping duty {}", d.name());
            } catch (RuntimeException e) {
                log.error("duty {} failed to stop cleanly", d.name(), e);
            }
            if (clock.nanoTime() - t0 > left) {
                overruns.incrementAndGet();
                log.warn("duty {} overran its stop budget of {} ms", d.name(), Duration.ofNanos(left).toMillis());
            } else {
                log.info("duty {} stopped: {}", d.name(), reason);
            }
        }
    }

    public boolean isRunning() {
        synchronized (lock) {
            return !running.isEmpty();
        }
    }
}
