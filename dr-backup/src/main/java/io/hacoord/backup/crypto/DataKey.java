package io.hacoord.backup.crypto;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * One backup's data key: Tink streaming AEAD, AES-256-GCM-HKDF with 1 MiB segments. Each segment is
 * authenticated on its own and carries its position, so memory stays at one segment (plain and
 * encrypted buffers) whatever the size, and a reordered, truncated or altered segment fails to decrypt. The backup id is the
 * associated data: the data of one backup does not decrypt as another's.
 */
public final class DataKey {

    private final KeysetHandle keyset;
    private final StreamingAead streamingAead;

    private DataKey(KeysetHandle keyset) throws GeneralSecurityException {
        this.keyset = keyset;
        this.streamingAead = keyset.getPrimitive(RegistryConfiguration.get(), StreamingAead.class);
    }

    /** A fresh random key; one per backup. */
    public static DataKey generate() {
        try {
            TinkPrimitives.register();
            return new DataKey(KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a data key", e);
        }
    }

    static DataKey of(KeysetHandle keyset) throws GeneralSecurityException {
        return new DataKey(keyset);
    }

    KeysetHandle keyset() {
        return keyset;
    }

    /** Encrypts everything written to the result into {@code ciphertext}; close it to write the last segment. */
    public OutputStream encrypting(OutputStream ciphertext, String backupId) throws IOException {
        try {
            return streamingAead.newEncryptingStream(ciphertext, associatedData(backupId));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot start encryption of backup " + backupId, e);
        }
    }

    /** Decrypts {@code ciphertext}; a read throws {@link IOException} at the first segment that fails. */
    public InputStream decrypting(InputStream ciphertext, String backupId) throws IOException {
        try {
            return streamingAead.newDecryptingStream(ciphertext, associatedData(backupId));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot start decryption of backup " + backupId, e);
        }
    }

    private static byte[] associatedData(String backupId) {
        return ("hacoord-backup-data:" + backupId).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "DataKey[AES256_GCM_HKDF_1MB]";
    }
}
