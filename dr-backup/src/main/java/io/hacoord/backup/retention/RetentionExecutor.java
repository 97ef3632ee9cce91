package io.hacoord.backup.retention;

import io.hacoord.backup.Manifest;
import io.hacoord.backup.repository.BackupRepository;
import io.hacoord.backup.repository.VerificationRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a {@link RetentionPlanner} to a repository: reads each backup's latest verification, plans,
 * and deletes what the plan deletes, each deletion fenced by the caller's epoch.
 */
public final class RetentionExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionExecutor.class);

    private final BackupRepository repository;
    private final RetentionPlanner planner;

    public RetentionExecutor(BackupRepository repository, RetentionPlanner planner) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.planner = Objects.requireNonNull(planner, "planner");
    }

    /** Plans and deletes; returns the plan that was carried out. */
    public RetentionPlan prune(long epoch) throws IOException {
        RetentionPlan plan = planner.plan(candidates());
        for (RetentionPlan.Decision doomed : plan.delete()) {
            repository.delete(doomed.backupId(), epoch);
            LOG.info("Retention deleted backup {}: {}", doomed.backupId(), doomed.reason());
        }
        return plan;
    }

    List<RetentionCandidate> candidates() throws IOException {
        List<RetentionCandidate> candidates = new ArrayList<>();
        for (Manifest manifest : repository.manifests()) {
            Optional<VerificationRecord> verification = repository.verification(manifest.id());
            RetentionCandidate.Health health = verification.isEmpty() ? RetentionCandidate.Health.UNVERIFIED
                    : verification.get().passed() ? RetentionCandidate.Health.VERIFIED
                    : RetentionCandidate.Health.FAILED;
            candidates.add(new RetentionCandidate(manifest.id(), manifest.startedAt(), health));
        }
        return candidates;
    }
}
