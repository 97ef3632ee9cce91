package io.hacoord.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.hacoord.backup.crypto.KeyEncryptionKey;
import io.hacoord.backup.repository.FileSystemRepository;
import io.hacoord.backup.source.ConfigSnapshotSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Property: flipping any bit of any stored byte of a backup makes verification fail. */
class AnyFlippedByteIsDetectedTest {

    private static Path root;
    private static FileSystemRepository repository;
    private static KeyEncryptionKey kek;
    private static byte[] pristine;

    @BeforeContainer
    static void backUp() throws Exception {
        root = Files.createTempDirectory("flip-");
        repository = FileSystemRepository.open(root);
        kek = TestKeys.newKek();
        byte[] content = "key: value\n".repeat(4000).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        new BackupWriter(repository, kek, new BackupSettings(3, 0), InstantSource.system())
                .backup("b1", new ConfigSnapshotSource("config", content), 1);
        pristine = Files.readAllBytes(root.resolve("backups/b1/data"));
    }

    @AfterContainer
    static void cleanUp() throws Exception {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Property(tries = 150)
    void flippingAnyBitOfAnyByteFailsVerification(@ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int position,
            @ForAll @IntRange(min = 0, max = 7) int bit) throws Exception {
        byte[] damaged = pristine.clone();
        damaged[position % damaged.length] ^= (byte) (1 << bit);
        Files.write(root.resolve("backups/b1/data"), damaged);

        VerificationOutcome outcome = new BackupVerifier(repository, kek, Optional.empty(), InstantSource.system())
                .verify("b1");

        assertThat(outcome).isInstanceOf(VerificationOutcome.Failed.class);
    }
}
