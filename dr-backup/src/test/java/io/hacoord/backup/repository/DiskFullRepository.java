package io.hacoord.backup.repository;

import io.hacoord.backup.Manifest;
import io.hacoord.backup.drill.DrillReport;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * A {@link FileSystemRepository} whose data streams fail with "No space left on device" after
 * {@code capacity} bytes: a full disk, simulated because a real small filesystem needs a root mount.
 */
final class DiskFullRepository implements BackupRepository {

    private final FileSystemRepository delegate;
    private final long capacity;

    DiskFullRepository(FileSystemRepository delegate, long capacity) {
        this.delegate = delegate;
        this.capacity = capacity;
    }

    @Override
    public PendingBackup begin(String id) throws IOException {
        PendingBackup pending = delegate.begin(id);
        return new PendingBackup() {
            private OutputStream limited;

            @Override
            public OutputStream data() throws IOException {
                if (limited == null) {
                    limited = new Limited(pending.data(), capacity);
                }
                return limited;
            }

            @Override
            public void publish(Manifest manifest) throws IOException {
                pending.publish(manifest);
            }

            @Override
            public void close() throws IOException {
                pending.close();
            }
        };
    }

    private static final class Limited extends FilterOutputStream {
        private long left;

        Limited(OutputStream out, long capacity) {
            super(out);
            this.left = capacity;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > left) {
                out.write(b, off, (int) left);
                left = 0;
                throw new IOException("No space left on device");
            }
            out.write(b, off, len);
            left -= len;
        }
    }

    @Override public List<Manifest> manifests() throws IOException { return delegate.manifests(); }
    @Override public Optional<Manifest> manifest(String id) throws IOException { return delegate.manifest(id); }
    @Override public boolean hasData(String id) throws IOException { return delegate.hasData(id); }
    @Override public long dataSize(String id) throws IOException { return delegate.dataSize(id); }
    @Override public InputStream openData(String id) throws IOException { return delegate.openData(id); }
    @Override public long highestEpoch() throws IOException { return delegate.highestEpoch(); }
    @Override public void replaceManifest(Manifest m, long epoch) throws IOException { delegate.replaceManifest(m, epoch); }
    @Override public void delete(String id, long epoch) throws IOException { delegate.delete(id, epoch); }
    @Override public void recordVerification(VerificationRecord r, long epoch) throws IOException { delegate.recordVerification(r, epoch); }
    @Override public Optional<VerificationRecord> verification(String id) throws IOException { return delegate.verification(id); }
    @Override public void recordDrill(DrillReport r, long epoch) throws IOException { delegate.recordDrill(r, epoch); }
    @Override public List<DrillReport> drillReports() throws IOException { return delegate.drillReports(); }
}
