package io.hacoord.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.hacoord.testservers.PostgresServer;
import io.hacoord.testservers.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker finds each kind of violation in a history written to show it, and none in a clean one. */
class HistoryCheckerTest {

    @TempDir
    Path dir;

    private Path log(String node, String... lines) throws Exception {
        Path p = dir.resolve(node + ".jsonl");
        StringBuilder b = new StringBuilder();
        for (String l : lines) {
            b.append(l.replace("NODE", node)).append('\n');
        }
        Files.writeString(p, b.toString());
        return p;
    }

    private static String leader(long epoch, long from, long until) {
        return "{\"type\":\"leader\",\"node\":\"NODE\",\"mono\":" + from + ",\"epoch\":" + epoch + ",\"from\":" + from
                + ",\"until\":" + until + "}";
    }

    private static String renewed(long epoch, long until) {
        return "{\"type\":\"renewed\",\"node\":\"NODE\",\"mono\":0,\"epoch\":" + epoch + ",\"until\":" + until + "}";
    }

    private static String stepdown(long epoch, long until) {
        return "{\"type\":\"stepdown\",\"node\":\"NODE\",\"mono\":0,\"epoch\":" + epoch + ",\"until\":" + until + "}";
    }

    private static String write(long epoch, long seq, String outcome) {
        return "{\"type\":\"write\",\"node\":\"NODE\",\"mono\":0,\"epoch\":" + epoch + ",\"seq\":" + seq
                + ",\"outcome\":\"" + outcome + "\"}";
    }

    @Test
    void consecutiveTermsAreCleanAndATornLastLineIsIgnored() throws Exception {
        HistoryChecker c = HistoryChecker.read(List.of(
                log("a", leader(1, 0, 100), renewed(1, 200), stepdown(1, 150)),
                log("b", leader(2, 160, 300), "{\"type\":\"renew")));
        assertThat(c.violations).isEmpty();
        assertThat(c.terms).extracting(HistoryChecker.Term::until).containsExactly(150L, 300L);
    }

    @Test
    void overlappingTermsOfTwoNodesAreTwoLeadersAtOnce() throws Exception {
        HistoryChecker c = HistoryChecker.read(List.of(
                log("a", leader(1, 0, 100), renewed(1, 200)),
                log("b", leader(2, 190, 300))));
        assertThat(c.violations).singleElement().asString().startsWith("two leaders at once: a (epoch 1) and b");
    }

    @Test
    void aRenewalThatMovedTheDeadlinePastTheSuccessorsStartIsCaught() throws Exception {
        HistoryChecker c = HistoryChecker.read(List.of(
                log("a", leader(1, 0, 100), renewed(1, 400)),
                log("b", leader(2, 300, 600))));
        assertThat(c.violations).hasSize(1);
    }

    @Test
    void oneEpochGrantedToTwoNodesIsCaught() throws Exception {
        HistoryChecker c = HistoryChecker.read(List.of(
                log("a", leader(7, 0, 100), stepdown(7, 100)),
                log("b", leader(7, 200, 300), stepdown(7, 300))));
        assertThat(c.violations).contains("epoch 7 granted twice: to a and b");
    }

    @Test
    void staleRowsForeignRowsAndLostAcknowledgementsAreCaught() throws Exception {
        HistoryChecker c = HistoryChecker.read(List.of(
                log("a", leader(1, 0, 100), write(1, 1, "acknowledged"), write(1, 2, "acknowledged"),
                        stepdown(1, 100)),
                log("b", leader(2, 200, 300), write(2, 3, "acknowledged"), write(2, 4, "refused"))));
        try (PostgresServer pg = TestServers.postgres();
             Connection db = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             Statement st = db.createStatement()) {
            // commit order comes from commit timestamps (the harness turns track_commit_timestamp on)
            st.execute("CREATE TABLE hacoord_fence_canary (id bigserial PRIMARY KEY, resource text, epoch bigint,"
                    + " node text, seq bigint, written_at timestamptz DEFAULT now())");
            for (String row : List.of("('r', 1, 'a', 1)", "('r', 2, 'b', 3)", "('r', 1, 'a', 9)", "('r', 5, 'c', 1)",
                    "('r', 2, 'b', 4)", "('r', 6, '(fence)', 0)", "('r', 2, 'b', 5)")) {
                st.execute("INSERT INTO hacoord_fence_canary (resource, epoch, node, seq) VALUES " + row);
            }
            c.checkWrites(db, "r");
        }
        assertThat(c.violations).anyMatch(v -> v.startsWith("stale fenced write accepted: row 3 of a has epoch 1"))
                .anyMatch(v -> v.startsWith("row 4 written by c in epoch 5, a term its event log does not show"))
                .contains("acknowledged write lost: a epoch 1 seq 2")
                .contains("row 5 committed although b recorded the write as refused (epoch 2)")
                .anyMatch(v -> v.startsWith("stale fenced write accepted: row 7 of b has epoch 2 after a row of epoch 6"))
                .noneMatch(v -> v.contains("(fence)"));
    }
}
