package io.hacoord.backup.repository;

import io.hacoord.backup.Json;
import io.hacoord.backup.Manifest;
import io.hacoord.backup.drill.DrillReport;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A repository in a local (or mounted) directory:
 * <pre>
 * root/epoch                       highest accepted epoch
 * root/staging/&lt;id&gt;.&lt;random&gt;/    backups being written (never listed)
 * root/backups/&lt;id&gt;/data          stored bytes
 * root/backups/&lt;id&gt;/manifest.json
 * root/backups/&lt;id&gt;/verification.json
 * root/drills/&lt;time&gt;-&lt;id&gt;.json   drill reports
 * </pre>
 * A backup is written and fsynced in {@code staging/}, its manifest added there, and the folder renamed
 * into {@code backups/} in one atomic step. Mutations hold a JVM-wide lock and a file lock on
 * {@code root/.lock}, so the epoch check and the write are one step for every process sharing the folder.
 */
public final class FileSystemRepository implements BackupRepository {

    private static final Logger LOG = LoggerFactory.getLogger(FileSystemRepository.class);
    private static final ConcurrentHashMap<Path, Object> JVM_LOCKS = new ConcurrentHashMap<>();
    static final String DATA = "data";
    static final String MANIFEST = "manifest.json";
    private static final String VERIFICATION = "verification.json";

    private final Path root;
    private final Path staging;
    private final Path backups;
    private final Path drills;
    private final Object jvmLock;

    private FileSystemRepository(Path root) {
        this.root = root;
        this.staging = root.resolve("staging");
        this.backups = root.resolve("backups");
        this.drills = root.resolve("drills");
        this.jvmLock = JVM_LOCKS.computeIfAbsent(root, r -> new Object());
    }

    /** Opens (creating if needed) the repository in {@code root}. Leftovers in staging are never listed. */
    public static FileSystemRepository open(Path root) throws IOException {
        Path absolute = root.toAbsolutePath().normalize();
        FileSystemRepository repository = new FileSystemRepository(absolute);
        for (Path dir : List.of(absolute, repository.staging, repository.backups, repository.drills)) {
            Files.createDirectories(dir);
        }
        return repository;
    }

    public Path root() {
        return root;
    }

    @Override
    public PendingBackup begin(String id) throws IOException {
        Manifest.requireValidId(id);
        if (Files.exists(backups.resolve(id))) {
            throw new IOException("backup " + id + " already exists");
        }
        Path dir = staging.resolve(id + "." + UUID.randomUUID());
        Files.createDirectory(dir);
        return new FileSystemPendingBackup(id, dir);
    }

    @Override
    public List<Manifest> manifests() throws IOException {
        List<Manifest> result = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(backups)) {
            for (Path dir : dirs.toList()) {
                try {
                    readManifest(dir).ifPresent(result::add);
                } catch (IOException e) {
                    // One unreadable manifest must not hide every other backup from drills and retention;
                    // verifying that backup by id reports it.
                    LOG.error("Skipping backup {}: its manifest cannot be read: {}", dir.getFileName(), e.getMessage());
                }
            }
        }
        result.sort(Comparator.comparing(Manifest::startedAt).thenComparing(Manifest::id));
        return result;
    }

    @Override
    public Optional<Manifest> manifest(String id) throws IOException {
        return readManifest(backups.resolve(Manifest.requireValidId(id)));
    }

    private static Optional<Manifest> readManifest(Path dir) throws IOException {
        try {
            return Optional.of(Json.MAPPER.readValue(Files.readAllBytes(dir.resolve(MANIFEST)), Manifest.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean hasData(String id) {
        return Files.exists(backups.resolve(Manifest.requireValidId(id)).resolve(DATA));
    }

    @Override
    public long dataSize(String id) throws IOException {
        return Files.size(backups.resolve(Manifest.requireValidId(id)).resolve(DATA));
    }

    @Override
    public InputStream openData(String id) throws IOException {
        return Files.newInputStream(backups.resolve(Manifest.requireValidId(id)).resolve(DATA));
    }

    @Override
    public long highestEpoch() throws IOException {
        try {
            return Long.parseLong(Files.readString(root.resolve("epoch")).trim());
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    @Override
    public void replaceManifest(Manifest manifest, long epoch) throws IOException {
        Path dir = backups.resolve(manifest.id());
        fenced("replace the manifest of " + manifest.id(), epoch, () -> {
            if (!Files.exists(dir.resolve(MANIFEST))) {
                throw new NoSuchFileException("no published backup " + manifest.id());
            }
            AtomicFiles.write(dir.resolve(MANIFEST), Json.MAPPER.writeValueAsBytes(manifest));
        });
    }

    @Override
    public void delete(String id, long epoch) throws IOException {
        Path dir = backups.resolve(Manifest.requireValidId(id));
        fenced("delete backup " + id, epoch, () -> {
            Path trash = staging.resolve(id + ".deleted." + UUID.randomUUID());
            AtomicFiles.rename(dir, trash);
            AtomicFiles.deleteTree(trash);
        });
    }

    @Override
    public void recordVerification(VerificationRecord record, long epoch) throws IOException {
        Path dir = backups.resolve(record.backupId());
        fenced("record a verification of " + record.backupId(), epoch, () -> {
            if (!Files.isDirectory(dir)) {
                throw new NoSuchFileException("no backup " + record.backupId());
            }
            AtomicFiles.write(dir.resolve(VERIFICATION), Json.MAPPER.writeValueAsBytes(record));
        });
    }

    @Override
    public Optional<VerificationRecord> verification(String id) throws IOException {
        try {
            return Optional.of(Json.MAPPER.readValue(Files.readAllBytes(
                    backups.resolve(Manifest.requireValidId(id)).resolve(VERIFICATION)), VerificationRecord.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void recordDrill(DrillReport report, long epoch) throws IOException {
        String name = report.startedAt().toEpochMilli() + "-" + report.backupId() + ".json";
        fenced("record a drill of " + report.backupId(), epoch,
                () -> AtomicFiles.write(drills.resolve(name), Json.MAPPER.writeValueAsBytes(report)));
    }

    @Override
    public List<DrillReport> drillReports() throws IOException {
        List<DrillReport> reports = new ArrayList<>();
        try (Stream<Path> files = Files.list(drills)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                reports.add(Json.MAPPER.readValue(Files.readAllBytes(file), DrillReport.class));
            }
        }
        reports.sort(Comparator.comparing(DrillReport::startedAt));
        return reports;
    }

    private interface Mutation {
        void run() throws IOException;
    }

    /** Runs {@code mutation} under the locks if {@code epoch} is not older than the highest seen, then records it. */
    private void fenced(String action, long epoch, Mutation mutation) throws IOException {
        synchronized (jvmLock) {
            try (FileChannel lockFile = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = lockFile.lock()) {
                long highest = highestEpoch();
                if (epoch < highest) {
                    throw new StaleEpochException(action, epoch, highest);
                }
                if (epoch > highest) {
                    AtomicFiles.write(root.resolve("epoch"), Long.toString(epoch).getBytes(StandardCharsets.US_ASCII));
                }
                mutation.run();
            }
        }
    }

    private final class FileSystemPendingBackup implements PendingBackup {

        private final String id;
        private final Path dir;
        private OutputStream data;
        private boolean published;
        private boolean closed;

        FileSystemPendingBackup(String id, Path dir) {
            this.id = id;
            this.dir = dir;
        }

        @Override
        public synchronized OutputStream data() throws IOException {
            if (data == null) {
                FileChannel channel = FileChannel.open(dir.resolve(DATA), StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                data = new BufferedOutputStream(new SyncOnCloseStream(channel), 1 << 16);
            }
            return data;
        }

        @Override
        public synchronized void publish(Manifest manifest) throws IOException {
            if (closed || published) {
                throw new IllegalStateException("backup " + id + " is already " + (published ? "published" : "closed"));
            }
            if (!manifest.id().equals(id)) {
                throw new IllegalArgumentException("manifest of " + manifest.id() + " for backup " + id);
            }
            if (!Files.exists(dir.resolve(DATA))) {
                throw new IllegalStateException("backup " + id + " has no data");
            }
            fenced("publish backup " + id, manifest.epoch(), () -> {
                AtomicFiles.write(dir.resolve(MANIFEST), Json.MAPPER.writeValueAsBytes(manifest));
                AtomicFiles.rename(dir, backups.resolve(id));
            });
            published = true;
        }

        @Override
        public synchronized void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            if (!published) {
                try {
                    if (data != null) {
                        data.close();
                    }
                } catch (IOException e) {
                    // The stream failed already (that is usually why we abort); the files go anyway.
                } finally {
                    AtomicFiles.deleteTree(dir);
                }
            }
        }
    }

    /** Writes to a channel and fsyncs it on close, so the data is durable before the manifest exists. */
    private static final class SyncOnCloseStream extends OutputStream {
        private final FileChannel channel;
        private final OutputStream out;

        SyncOnCloseStream(FileChannel channel) {
            this.channel = channel;
            this.out = Channels.newOutputStream(channel);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            if (channel.isOpen()) {
                try {
                    channel.force(true);
                } finally {
                    channel.close();
                }
            }
        }
    }
}
