package io.hacoord.backup.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * The key-encryption key (KEK): a Tink AEAD keyset whose primary key wraps each backup's fresh data
 * key. The keyset may hold older keys too; they still unwrap the data keys they wrapped, which is how
 * a rotation keeps old backups readable (add a key, make it primary, then {@code DataKeyRewrapper}).
 *
 * <p>Operators provide the keyset as Tink JSON (made with Tinkey: {@code tinkey create-keyset
 * --key-template AES256_GCM}); in production it should come from a secret store, read at start and
 * never written to disk by us. Nothing of the key material appears in {@link #toString()}, logs or
 * exception messages: only the primary key id, which the manifest records.
 */
public final class KeyEncryptionKey {

    static {
        TinkPrimitives.register();
    }

    private final KeysetHandle keyset;
    private final Aead aead;

    private KeyEncryptionKey(KeysetHandle keyset) throws GeneralSecurityException {
        this.keyset = keyset;
        this.aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
    }

    /** A KEK from a Tink keyset (any AEAD keyset; AES256_GCM is what we document). */
    public static KeyEncryptionKey of(KeysetHandle keyset) {
        Objects.requireNonNull(keyset, "keyset");
        try {
            return new KeyEncryptionKey(keyset);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the keyset is not an AEAD keyset", e);
        }
    }

    /** A KEK from a cleartext Tink JSON keyset. The message of a failure never quotes the keyset. */
    public static KeyEncryptionKey fromJson(String jsonKeyset) {
        try {
            return of(TinkJsonProtoKeysetFormat.parseKeyset(jsonKeyset, InsecureSecretKeyAccess.get()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the key-encryption keyset is not a valid Tink JSON keyset");
        }
    }

    /** The id of the key that wraps new data keys; recorded in every manifest. */
    public int primaryKeyId() {
        return keyset.getPrimary().getId();
    }

    /** Wraps {@code dataKey} under the primary key, bound to {@code backupId} (a wrapped key can't be moved). */
    public WrappedDataKey wrap(DataKey dataKey, String backupId) {
        try {
            String encrypted = TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(dataKey.keyset(), aead,
                    associatedData(backupId));
            return new WrappedDataKey(primaryKeyId(), encrypted);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot wrap the data key of backup " + backupId, e);
        }
    }

    /**
     * Unwraps a data key wrapped by any key of this keyset.
     *
     * @throws KeyUnwrapException when no key of this keyset wrapped it, or it was wrapped for another backup
     */
    public DataKey unwrap(WrappedDataKey wrapped, String backupId) {
        try {
            return DataKey.of(TinkJsonProtoKeysetFormat.parseEncryptedKeyset(wrapped.encryptedKeyset(), aead,
                    associatedData(backupId)));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new KeyUnwrapException("the key-encryption keyset (primary key " + primaryKeyId()
                    + ") cannot unwrap the data key of backup " + backupId + ", wrapped by key " + wrapped.kekId()
                    + ": wrong key, or the wrapped key was altered or belongs to another backup");
        }
    }

    private static byte[] associatedData(String backupId) {
        return ("hacoord-backup-data-key:" + backupId).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "KeyEncryptionKey[primaryKeyId=" + primaryKeyId() + ", keys=" + keyset.size() + "]";
    }
}
