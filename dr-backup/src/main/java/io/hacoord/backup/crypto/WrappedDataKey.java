package io.hacoord.backup.crypto;

import java.util.Objects;

/**
 * A backup's data key, encrypted by a key-encryption key. Safe to store next to the data: without the
 * KEK it is useless. {@code kekId} is the id of the KEK's key that wrapped it.
 */
public record WrappedDataKey(int kekId, String encryptedKeyset) {

    public WrappedDataKey {
        Objects.requireNonNull(encryptedKeyset, "encryptedKeyset");
        if (encryptedKeyset.isBlank()) {
            throw new IllegalArgumentException("encryptedKeyset is blank");
        }
    }

    @Override
    public String toString() {
        return "WrappedDataKey[kekId=" + kekId + "]";
    }
}
