package io.hacoord.backup;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import io.hacoord.backup.crypto.DataKey;
import io.hacoord.backup.crypto.KeyEncryptionKey;
import io.hacoord.backup.repository.BackupRepository;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Opens a published backup as its plaintext: stored bytes → streaming AEAD → zstd. The stream
 * authenticates every segment as it goes, and at its end checks the stored bytes' size and SHA-256
 * against the manifest, so a reader that reaches the end has read exactly what was backed up. Any
 * mismatch is a {@link BackupCorruptException} with a message that says what is wrong.
 */
public final class BackupReader {

    private static final int BUFFER = 1 << 16;

    private final BackupRepository repository;
    private final KeyEncryptionKey kek;

    public BackupReader(BackupRepository repository, KeyEncryptionKey kek) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.kek = Objects.requireNonNull(kek, "kek");
    }

    /**
     * The plaintext of the backup {@code manifest} describes.
     *
     * @throws io.hacoord.backup.crypto.KeyUnwrapException when the KEK cannot unwrap its data key
     */
    public InputStream open(Manifest manifest) throws IOException {
        DataKey dataKey = kek.unwrap(manifest.dataKey(), manifest.id());
        MessageDigest sha256 = BackupWriter.sha256();
        CountingInputStream stored = new CountingInputStream(
                new DigestInputStream(new BufferedInputStream(repository.openData(manifest.id()), BUFFER), sha256));
        InputStream decrypted = new AuthenticatingStream(dataKey.decrypting(stored, manifest.id()), stored);
        return new CheckedPlaintext(new ZstdInputStreamNoFinalizer(decrypted), decrypted, stored, sha256, manifest);
    }

    /** Turns the AEAD's failures into a message that names them, and where they happened. */
    private static final class AuthenticatingStream extends FilterInputStream {
        private final CountingInputStream stored;

        AuthenticatingStream(InputStream in, CountingInputStream stored) {
            super(in);
            this.stored = stored;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                throw new BackupCorruptException("authentication of the encrypted data failed near stored byte "
                        + stored.count() + ": the data was altered, truncated, reordered or belongs to another"
                        + " backup (" + e.getMessage() + ")", e);
            }
        }
    }

    /** Plaintext that, at its end, checks that nothing follows and that size and hash match the manifest. */
    private static final class CheckedPlaintext extends FilterInputStream {
        private final InputStream decrypted;
        private final CountingInputStream stored;
        private final MessageDigest sha256;
        private final Manifest manifest;
        private boolean checked;

        CheckedPlaintext(InputStream plaintext, InputStream decrypted, CountingInputStream stored,
                MessageDigest sha256, Manifest manifest) {
            super(plaintext);
            this.decrypted = decrypted;
            this.stored = stored;
            this.sha256 = sha256;
            this.manifest = manifest;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = in.read(b, off, len);
            } catch (BackupCorruptException e) {
                throw e;
            } catch (IOException e) {
                throw new BackupCorruptException("the decrypted data is not a valid zstd stream: " + e.getMessage(), e);
            }
            if (n < 0 && !checked) {
                checkEnd();
            }
            return n;
        }

        private void checkEnd() throws IOException {
            checked = true;
            if (decrypted.read() >= 0) {
                throw new BackupCorruptException("data follows the end of the compressed stream");
            }
            stored.transferTo(java.io.OutputStream.nullOutputStream());
            if (stored.count() != manifest.encryptedBytes()) {
                throw new BackupCorruptException("stored data is " + stored.count() + " bytes, the manifest says "
                        + manifest.encryptedBytes());
            }
            String actual = HexFormat.of().formatHex(sha256.digest());
            if (!actual.equals(manifest.sha256())) {
                throw new BackupCorruptException("SHA-256 of the stored data is " + actual + ", the manifest says "
                        + manifest.sha256());
            }
        }
    }

    private static final class CountingInputStream extends FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // Never skip: every stored byte must pass through the digest.
            return 0;
        }

        long count() {
            return count;
        }
    }
}
