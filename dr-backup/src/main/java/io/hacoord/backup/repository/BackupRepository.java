package io.hacoord.backup.repository;

import io.hacoord.backup.Manifest;
import io.hacoord.backup.drill.DrillReport;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Where backups live. The contract an object store must meet too:
 * <ul>
 *   <li><b>Atomic publication.</b> A backup is visible (listed, readable) only after
 *       {@link PendingBackup#publish} returned: its data is durable and its manifest was written last,
 *       in one atomic step. A failed, aborted or half-written backup is never visible.</li>
 *   <li><b>Fencing.</b> Every mutation carries the caller's epoch; the repository refuses it with
 *       {@link StaleEpochException} when it is lower than the highest epoch it has seen, and remembers
 *       the highest epoch durably.</li>
 *   <li>Reads never see a partly replaced manifest.</li>
 * </ul>
 */
public interface BackupRepository {

    /** Starts a backup under {@code id}; nothing is visible until {@link PendingBackup#publish}. */
    PendingBackup begin(String id) throws IOException;

    /** The manifests of all published backups, oldest first by start time; unreadable ones are logged and left out. */
    List<Manifest> manifests() throws IOException;

    /** The manifest of a published backup, if there is one. */
    Optional<Manifest> manifest(String id) throws IOException;

    /** Whether anything is stored under {@code id} (published, or a data file left without a manifest). */
    boolean hasData(String id) throws IOException;

    /** The size of the stored bytes of a backup. */
    long dataSize(String id) throws IOException;

    /** The stored (encrypted) bytes of a backup. */
    InputStream openData(String id) throws IOException;

    /** The highest epoch this repository has accepted. */
    long highestEpoch() throws IOException;

    /** Replaces a published backup's manifest atomically (key re-wrap), fenced by {@code epoch}. */
    void replaceManifest(Manifest manifest, long epoch) throws IOException;

    /** Deletes a published backup (retention), fenced by {@code epoch}. */
    void delete(String id, long epoch) throws IOException;

    /** Records the latest verification of a backup, replacing the previous one. */
    void recordVerification(VerificationRecord record, long epoch) throws IOException;

    Optional<VerificationRecord> verification(String id) throws IOException;

    /** Stores a drill report; reports are kept, newest last in {@link #drillReports()}. */
    void recordDrill(DrillReport report, long epoch) throws IOException;

    List<DrillReport> drillReports() throws IOException;
}
