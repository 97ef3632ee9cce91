package io.hacoord.coordinator.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.hacoord.coordinator.ha.HaObserver;
import io.hacoord.coordinator.ha.LeaderTerm;
import io.hacoord.coordinator.store.LeaderRecord;
import io.hacoord.coordinator.time.NanoClock;
import io.hacoord.coordinator.view.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's leadership as JSON lines, one event per line, each stamped with monotonic ({@code mono}, from
 * {@link NanoClock}: on Linux the same clock for every process on the host) and wall time. It lets a checker
 * rebuild, for every term, the interval in which this node may have acted:
 * <ul>
 *   <li>{@code leader}: a term began; {@code from} is the send time of the winning acquire (the earliest instant
 *       the term could exist), {@code until} its lease deadline;</li>
 *   <li>{@code renewed}: the deadline moved to {@code until};</li>
 *   <li>{@code stepdown}: the term ended; {@code until} is the last instant it was valid (revocation or deadline);</li>
 *   <li>{@code write}: a fenced canary write and its outcome (acknowledged, refused, unknown).</li>
 * </ul>
 * Each line is flushed as written, so a {@code kill -9} loses nothing already recorded. A write error is logged
 * once and the node goes on: the event log must never take leadership down.
 */
public final class EventLog implements HaObserver, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventLog.class);

    private final String node;
    private final NanoClock clock;
    private final InstantSource wall;
    private final BufferedWriter out;
    private boolean failed;

    public EventLog(Path file, String node, NanoClock clock, InstantSource wall) throws IOException {
        this.node = node;
        this.clock = clock;
        this.wall = wall;
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    @Override
    public void elected(LeaderTerm term, Optional<LeaderRecord> previous) {
        write("leader", Map.of("epoch", term.epoch(), "from", term.lease().acquiredAtNanos(),
                "until", term.deadlineNanos()));
    }

    @Override
    public void renewed(LeaderTerm term, long latencyNanos) {
        write("renewed", Map.of("epoch", term.epoch(), "until", term.deadlineNanos()));
    }

    @Override
    public void steppedDown(LeaderTerm term, String reason) {
        write("stepdown", Map.of("epoch", term.epoch(), "until", term.lastValidNanos(), "reason", reason));
    }

    /** A fenced write's outcome: {@code acknowledged}, {@code refused} or {@code unknown}. */
    public void fencedWrite(long epoch, long seq, String outcome) {
        write("write", Map.of("epoch", epoch, "seq", seq, "outcome", outcome));
    }

    private synchronized void write(String type, Map<String, Object> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", type);
        line.put("node", node);
        line.put("mono", clock.nanoTime());
        line.put("wall", wall.instant().toString());
        line.putAll(fields);
        try {
            out.write(Json.MAPPER.writeValueAsString(line));
            out.newLine();
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            if (!failed) {
                failed = true;
                log.error("event log not writable; events are lost from now on: {}", e.getMessage());
            }
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            log.warn("closing the event log failed: {}", e.getMessage());
        }
    }
}
