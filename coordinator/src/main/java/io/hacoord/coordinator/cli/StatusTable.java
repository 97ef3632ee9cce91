package io.hacoord.coordinator.cli;

import io.hacoord.coordinator.view.ClusterAnswer;
import java.util.ArrayList;
import java.util.List;

/** Renders a {@code /cluster} answer as a table, like {@code patronictl list}. */
final class StatusTable {

    private StatusTable() {
    }

    static String render(ClusterAnswer a) {
        StringBuilder out = new StringBuilder();
        String leader = a.leader() == null ? "none"
                : a.leader().node() + " (epoch " + a.leader().epoch() + (a.leader().since() == null ? ""
                : ", since " + a.leader().since()) + ")";
        out.append("Cluster: ").append(a.cluster()).append("   Leader: ").append(leader).append('\n');
        out.append("Served by ").append(a.servedBy()).append(" from ").append(a.source());
        if (a.snapshotAgeMs() != null) {
            out.append(" (snapshot of epoch ").append(a.snapshotEpoch()).append(", ").append(a.snapshotAgeMs())
                    .append(" ms old)");
        }
        if (a.storeError() != null) {
            out.append("; store unreachable: ").append(a.storeError());
        }
        out.append('\n');
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Member", "Role", "API", "Last seen", "Version"});
        for (ClusterAnswer.Member m : a.members()) {
            rows.add(new String[] {m.node(), m.role(), m.api(), m.lastSeenMs() + " ms", m.version()});
        }
        int[] w = new int[5];
        for (String[] r : rows) {
            for (int i = 0; i < w.length; i++) {
                w[i] = Math.max(w[i], r[i] == null ? 0 : r[i].length());
            }
        }
        String line = border(w);
        out.append(line);
        for (int i = 0; i < rows.size(); i++) {
            out.append(row(rows.get(i), w));
            if (i == 0) {
                out.append(line);
            }
        }
        out.append(line);
        return out.toString();
    }

    private static String border(int[] w) {
        StringBuilder b = new StringBuilder("+");
        for (int x : w) {
            b.append("-".repeat(x + 2)).append('+');
        }
        return b.append('\n').toString();
    }

    private static String row(String[] r, int[] w) {
        StringBuilder b = new StringBuilder("|");
        for (int i = 0; i < w.length; i++) {
            String v = r[i] == null ? "" : r[i];
            b.append(' ').append(v).append(" ".repeat(w[i] - v.length())).append(" |");
        }
        return b.append('\n').toString();
    }
}
