package io.hacoord.backup.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.hacoord.backup.BackupOutcome;
import io.hacoord.backup.BackupReader;
import io.hacoord.backup.BackupSettings;
import io.hacoord.backup.BackupType;
import io.hacoord.backup.BackupWriter;
import io.hacoord.backup.TestKeys;
import io.hacoord.backup.crypto.KeyEncryptionKey;
import io.hacoord.backup.repository.FileSystemRepository;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectorySourceTest {

    @TempDir
    Path tmp;

    @Test
    void aDirectoryRoundTripsAsATarWithItsFilesAndNothingBeyondItsSymlinks() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("etc/conf.d"));
        Files.writeString(tmp.resolve("etc/a.yaml"), "a: 1\n");
        Files.writeString(dir.resolve("b-" + "x".repeat(120) + ".yaml"), "b: 2\n");
        Files.writeString(tmp.resolve("outside.txt"), "not mine");
        Files.createSymbolicLink(tmp.resolve("etc/link"), tmp.resolve("outside.txt"));
        FileSystemRepository repository = FileSystemRepository.open(tmp.resolve("repo"));
        KeyEncryptionKey kek = TestKeys.newKek();

        BackupOutcome outcome = new BackupWriter(repository, kek, new BackupSettings(5, 2), InstantSource.system())
                .backup("files-1", new DirectorySource(tmp.resolve("etc")), 1);

        assertThat(outcome).isInstanceOfSatisfying(BackupOutcome.Published.class,
                p -> assertThat(p.manifest().type()).isEqualTo(BackupType.FILES));
        Map<String, String> entries = new LinkedHashMap<>();
        try (InputStream plain = new BackupReader(repository, kek).open(repository.manifest("files-1").orElseThrow());
                TarArchiveInputStream tar = new TarArchiveInputStream(plain)) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                entries.put(e.getName(), e.isDirectory() ? "<dir>" : new String(tar.readAllBytes()));
            }
        }
        assertThat(entries).containsExactly(
                Map.entry("a.yaml", "a: 1\n"),
                Map.entry("conf.d/", "<dir>"),
                Map.entry("conf.d/b-" + "x".repeat(120) + ".yaml", "b: 2\n"));
    }
}
