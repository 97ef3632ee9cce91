package io.hacoord.backup.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hacoord.backup.BackupSettings;
import io.hacoord.backup.BackupWriter;
import io.hacoord.backup.Manifest;
import io.hacoord.backup.MutableClock;
import io.hacoord.backup.TestKeys;
import io.hacoord.backup.repository.FileSystemRepository;
import io.hacoord.backup.repository.StaleEpochException;
import io.hacoord.backup.repository.VerificationRecord;
import io.hacoord.backup.source.ConfigSnapshotSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionExecutorTest {

    @TempDir
    Path root;

    @Test
    void pruneDeletesWhatThePlanDeletesUsingTheStoredVerificationsAndIsFenced() throws Exception {
        FileSystemRepository repository = FileSystemRepository.open(root);
        MutableClock clock = new MutableClock(Instant.parse("2026-11-18T02:00:00Z"));
        BackupWriter writer = new BackupWriter(repository, TestKeys.newKek(), new BackupSettings(1, 0), clock);
        for (String id : new String[] {"mon", "tue", "wed", "thu"}) {
            writer.backup(id, new ConfigSnapshotSource("c", id.getBytes()), 5);
            clock.advance(Duration.ofDays(1));
        }
        repository.recordVerification(new VerificationRecord("thu", clock.instant(), false, "corrupt"), 5);
        repository.recordVerification(new VerificationRecord("mon", clock.instant(), true, "ok"), 5);
        RetentionExecutor executor = new RetentionExecutor(repository,
                new RetentionPlanner(new GfsPolicy(1, 0, 0, 1, ZoneOffset.UTC)));

        assertThatThrownBy(() -> executor.prune(4)).isInstanceOf(StaleEpochException.class);
        RetentionPlan plan = executor.prune(5);

        // "thu" failed verification, so "wed" is the daily backup; "mon" is the newest verified one.
        assertThat(plan.keptIds()).containsExactlyInAnyOrder("wed", "mon");
        assertThat(repository.manifests()).extracting(Manifest::id).containsExactly("mon", "wed");
    }
}
