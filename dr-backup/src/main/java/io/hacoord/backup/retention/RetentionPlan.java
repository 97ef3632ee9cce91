package io.hacoord.backup.retention;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** Which backups to keep and which to delete, each with the reason. Every candidate is in exactly one list. */
public record RetentionPlan(List<Decision> keep, List<Decision> delete) {

    public record Decision(RetentionCandidate candidate, String reason) {
        public Decision {
            Objects.requireNonNull(candidate, "candidate");
            Objects.requireNonNull(reason, "reason");
        }

        public String backupId() {
            return candidate.backupId();
        }
    }

    public RetentionPlan {
        keep = List.copyOf(keep);
        delete = List.copyOf(delete);
    }

    public Set<String> keptIds() {
        return keep.stream().map(Decision::backupId).collect(Collectors.toSet());
    }

    public Set<String> deletedIds() {
        return delete.stream().map(Decision::backupId).collect(Collectors.toSet());
    }
}
