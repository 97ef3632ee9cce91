package io.hacoord.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads what the nodes recorded (their event logs) and what PostgreSQL holds (the fence canary's rows), and lists
 * every violation of the safety rules:
 * <ul>
 *   <li>two terms whose validity intervals overlap (two nodes could have acted as leader at the same instant); an
 *       interval runs from the send time of the winning acquire to the last instant the term was valid, both on
 *       the host's monotonic clock, so it over-approximates when the node may have acted;</li>
 *   <li>one epoch granted twice;</li>
 *   <li>committed canary rows whose epochs go backwards in commit order (PostgreSQL's commit timestamps, not
 *       insert ids): a stale term's fenced write accepted after a newer term's row, or after the fence advanced to
 *       a newer epoch (the suite's trigger marks each advance with a row of node {@code (fence)});</li>
 *   <li>rows from an epoch the writing node never held, and rows of writes their node recorded as refused;</li>
 *   <li>an acknowledged write that is not in the table (lost).</li>
 * </ul>
 */
final class HistoryChecker {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The node name of the rows the suite's trigger writes when the fence advances. */
    static final String FENCE_MARK = "(fence)";

    /**
     * Installs the trigger that marks every advance of the fence with a canary row of the new epoch, committed
     * with the advance: a stale row committed after it is then out of order even before the new term writes.
     */
    static final String MARK_ADVANCES = """
            CREATE OR REPLACE FUNCTION hacoord_chaos_mark_advance() RETURNS trigger AS $$
            BEGIN
              IF TG_OP = 'INSERT' OR NEW.epoch <> OLD.epoch THEN
                INSERT INTO hacoord_fence_canary (resource, epoch, node, seq)
                  VALUES (NEW.resource, NEW.epoch, '(fence)', 0);
              END IF;
              RETURN NEW;
            END $$ LANGUAGE plpgsql;
            DROP TRIGGER IF EXISTS hacoord_chaos_mark ON hacoord_fence;
            CREATE TRIGGER hacoord_chaos_mark AFTER INSERT OR UPDATE ON hacoord_fence
              FOR EACH ROW EXECUTE FUNCTION hacoord_chaos_mark_advance();
            """;

    /** A term as the event log of its node tells it. */
    record Term(String node, long epoch, long from, long until) {
        boolean overlaps(Term o) {
            return from < o.until && o.from < until;
        }
    }

    /** A write's outcome as its node recorded it. */
    record Write(String node, long epoch, long seq, String outcome) {
    }

    final List<Term> terms = new ArrayList<>();
    final List<Write> writes = new ArrayList<>();
    final List<String> violations = new ArrayList<>();

    static HistoryChecker read(List<Path> eventLogs) throws IOException {
        HistoryChecker c = new HistoryChecker();
        for (Path p : eventLogs) {
            c.readLog(p);
        }
        c.checkTerms();
        return c;
    }

    private void readLog(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        Map<Long, long[]> open = new HashMap<>(); // epoch -> {from, until}
        String node = null;
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            JsonNode e;
            try {
                e = JSON.readTree(lines.get(i));
            } catch (IOException torn) {
                if (i == lines.size() - 1) {
                    break; // the process was killed while writing its last line
                }
                throw new IOException("unreadable line " + (i + 1) + " of " + file, torn);
            }
            node = e.path("node").asText();
            long epoch = e.path("epoch").asLong();
            switch (e.path("type").asText()) {
                case "leader" -> open.put(epoch, new long[] {e.path("from").asLong(), e.path("until").asLong()});
                case "renewed" -> {
                    long[] t = open.get(epoch);
                    if (t != null) {
                        t[1] = Math.max(t[1], e.path("until").asLong());
                    }
                }
                case "stepdown" -> {
                    long[] t = open.remove(epoch);
                    if (t != null) { // the live term's own last valid instant: exact, not bounded by older lines
                        terms.add(new Term(node, epoch, t[0], e.path("until").asLong()));
                    }
                }
                case "write" -> writes.add(new Write(node, epoch, e.path("seq").asLong(), e.path("outcome").asText()));
                default -> { }
            }
        }
        for (Map.Entry<Long, long[]> t : open.entrySet()) { // killed, or still leading: valid until its deadline
            terms.add(new Term(node, t.getKey(), t.getValue()[0], t.getValue()[1]));
        }
    }

    private void checkTerms() {
        terms.sort(Comparator.comparingLong(Term::from));
        Map<Long, Term> byEpoch = new HashMap<>();
        for (Term t : terms) {
            Term same = byEpoch.putIfAbsent(t.epoch(), t);
            if (same != null && !same.node().equals(t.node())) {
                violations.add("epoch " + t.epoch() + " granted twice: to " + same.node() + " and " + t.node());
            }
        }
        for (int i = 0; i < terms.size(); i++) {
            for (int j = i + 1; j < terms.size() && terms.get(j).from() < terms.get(i).until(); j++) {
                Term a = terms.get(i);
                Term b = terms.get(j);
                if (a.epoch() != b.epoch() && a.overlaps(b)) {
                    violations.add("two leaders at once: " + a.node() + " (epoch " + a.epoch() + ") and " + b.node()
                            + " (epoch " + b.epoch() + ") overlapped for "
                            + (Math.min(a.until(), b.until()) - b.from()) / 1_000_000 + " ms");
                }
            }
        }
    }

    /** Checks the committed rows of the canary against the terms and the acknowledged writes. */
    void checkWrites(Connection db, String resource) throws SQLException {
        Set<String> heldTerms = new HashSet<>();
        terms.forEach(t -> heldTerms.add(t.node() + "@" + t.epoch()));
        Set<String> committed = new HashSet<>();
        Set<String> refused = new HashSet<>();
        writes.stream().filter(w -> w.outcome().equals("refused"))
                .forEach(w -> refused.add(w.node() + "@" + w.epoch() + "#" + w.seq()));
        long highest = 0;
        try (PreparedStatement ps = db.prepareStatement("SELECT id, epoch, node, seq FROM hacoord_fence_canary"
                + " WHERE resource = ? ORDER BY pg_xact_commit_timestamp(xmin), id")) {
            ps.setString(1, resource);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long epoch = rs.getLong(2);
                    String node = rs.getString(3);
                    if (epoch < highest) {
                        violations.add("stale fenced write accepted: row " + rs.getLong(1) + " of " + node
                                + " has epoch " + epoch + " after a row of epoch " + highest);
                    }
                    highest = Math.max(highest, epoch);
                    if (node.equals(FENCE_MARK)) {
                        continue;
                    }
                    String key = node + "@" + epoch + "#" + rs.getLong(4);
                    if (refused.contains(key)) {
                        violations.add("row " + rs.getLong(1) + " committed although " + node
                                + " recorded the write as refused (epoch " + epoch + ")");
                    }
                    if (!heldTerms.contains(node + "@" + epoch)) {
                        violations.add("row " + rs.getLong(1) + " written by " + node + " in epoch " + epoch
                                + ", a term its event log does not show it holding");
                    }
                    committed.add(key);
                }
            }
        }
        for (Write w : writes) {
            if (w.outcome().equals("acknowledged") && !committed.contains(w.node() + "@" + w.epoch() + "#" + w.seq())) {
                violations.add("acknowledged write lost: " + w.node() + " epoch " + w.epoch() + " seq " + w.seq());
            }
        }
    }

    long acknowledged() {
        return writes.stream().filter(w -> w.outcome().equals("acknowledged")).count();
    }
}
