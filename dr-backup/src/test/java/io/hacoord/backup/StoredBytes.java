package io.hacoord.backup;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/** Damages stored backup bytes in place, for corruption tests. */
public final class StoredBytes {

    private StoredBytes() {}

    /** Flips the lowest bit of the byte at {@code position}. */
    public static void flip(Path file, long position) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(position);
            int b = f.read();
            f.seek(position);
            f.write(b ^ 0x01);
        }
    }
}
