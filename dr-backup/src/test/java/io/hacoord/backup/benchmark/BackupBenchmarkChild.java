package io.hacoord.backup.benchmark;

import io.hacoord.backup.BackupOutcome;
import io.hacoord.backup.BackupSettings;
import io.hacoord.backup.BackupWriter;
import io.hacoord.backup.crypto.KeyEncryptionKey;
import io.hacoord.backup.repository.FileSystemRepository;
import io.hacoord.backup.source.PostgresConnection;
import io.hacoord.backup.source.PostgresLogicalSource;
import io.hacoord.backup.source.PostgresTools;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;

/**
 * Runs one backup in its own JVM, with the KEK read from a Tink JSON keyset file as an operator would provide it (the benchmark starts it with {@code -Xmx64m}) and prints
 * {@code RESULT <backup nanos,...> <peak heap bytes> <stored bytes>}. The peak heap is the sum of the peak
 * usage of every heap pool (G1 eden, survivor, old): an upper bound, since the pools peak at different times.
 */
public final class BackupBenchmarkChild {

    private BackupBenchmarkChild() {}

    public static void main(String[] args) throws Exception {
        PostgresConnection connection = new PostgresConnection(args[0], Integer.parseInt(args[1]), args[2], args[3], null);
        FileSystemRepository repository = FileSystemRepository.open(Path.of(args[4]));
        PostgresTools tools = new PostgresTools(Path.of(args[5]));
        BackupWriter writer = new BackupWriter(repository,
                KeyEncryptionKey.fromJson(Files.readString(Path.of(args[7]))), BackupSettings.defaults(),
                InstantSource.system());
        // Backup 0 runs in a cold JVM (class loading, JIT); later ones show the steady state of a
        // long-lived coordinator. Each is printed; ids get a suffix.
        int runs = Integer.parseInt(args[8]);
        StringBuilder times = new StringBuilder();
        long stored = 0;
        for (int run = 0; run < runs; run++) {
            long start = System.nanoTime();
            BackupOutcome outcome = writer.backup(args[6] + "-" + run,
                    new PostgresLogicalSource(connection, tools, Duration.ofHours(1)), 1);
            long took = System.nanoTime() - start;
            if (!(outcome instanceof BackupOutcome.Published published)) {
                System.out.println("FAILED " + outcome);
                System.exit(1);
                return;
            }
            stored = published.manifest().encryptedBytes();
            times.append(run == 0 ? "" : ",").append(took);
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("RESULT " + times + " " + peak + " " + stored);
    }
}
