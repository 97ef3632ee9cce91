package io.hacoord.backup;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.hacoord.backup.crypto.KeyEncryptionKey;
import io.hacoord.backup.crypto.TinkPrimitives;
import java.security.GeneralSecurityException;

/** Key-encryption keysets for tests: fresh, and rotated (a new primary, the old key kept). */
public final class TestKeys {

    private TestKeys() {}

    public static KeysetHandle newKeyset() {
        try {
            TinkPrimitives.register();
            return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyEncryptionKey newKek() {
        return KeyEncryptionKey.of(newKeyset());
    }

    /** {@code keyset} plus a new primary key: what an operator does with Tinkey's {@code add-key} and {@code promote-key}. */
    public static KeysetHandle rotated(KeysetHandle keyset) {
        try {
            return KeysetHandle.newBuilder(keyset)
                    .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                            .withRandomId().makePrimary())
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
