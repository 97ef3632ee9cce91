package io.hacoord.backup.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import io.hacoord.backup.TestKeys;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeyEncryptionKeyTest {

    @Test
    void aWrappedDataKeyUnwrapsToAKeyThatDecryptsWhatTheOriginalEncrypted() throws Exception {
        KeyEncryptionKey kek = TestKeys.newKek();
        DataKey dataKey = DataKey.generate();
        ByteArrayOutputStream ciphertext = new ByteArrayOutputStream();
        try (OutputStream out = dataKey.encrypting(ciphertext, "b1")) {
            out.write("hello".getBytes(StandardCharsets.UTF_8));
        }

        WrappedDataKey wrapped = kek.wrap(dataKey, "b1");
        DataKey unwrapped = kek.unwrap(wrapped, "b1");

        assertThat(wrapped.kekId()).isEqualTo(kek.primaryKeyId());
        assertThat(unwrapped.decrypting(new ByteArrayInputStream(ciphertext.toByteArray()), "b1").readAllBytes())
                .asString(StandardCharsets.UTF_8).isEqualTo("hello");
    }

    @Test
    void anotherKekCannotUnwrapAndTheMessageNamesTheKeysNotTheirMaterial() {
        KeysetHandle keyset = TestKeys.newKeyset();
        WrappedDataKey wrapped = KeyEncryptionKey.of(keyset).wrap(DataKey.generate(), "b1");
        KeyEncryptionKey other = TestKeys.newKek();

        assertThatThrownBy(() -> other.unwrap(wrapped, "b1"))
                .isInstanceOf(KeyUnwrapException.class)
                .hasMessageContaining("cannot unwrap the data key of backup b1")
                .hasMessageContaining("wrapped by key " + wrapped.kekId())
                .hasMessageNotContaining(wrapped.encryptedKeyset());
    }

    @Test
    void aWrappedKeyIsBoundToItsBackup() {
        KeyEncryptionKey kek = TestKeys.newKek();
        WrappedDataKey wrapped = kek.wrap(DataKey.generate(), "b1");

        assertThatThrownBy(() -> kek.unwrap(wrapped, "b2")).isInstanceOf(KeyUnwrapException.class);
    }

    @Test
    void aRotatedKeysetWrapsWithTheNewKeyAndStillUnwrapsWhatTheOldKeyWrapped() {
        KeysetHandle old = TestKeys.newKeyset();
        WrappedDataKey byOld = KeyEncryptionKey.of(old).wrap(DataKey.generate(), "b1");
        KeyEncryptionKey rotated = KeyEncryptionKey.of(TestKeys.rotated(old));

        assertThat(rotated.primaryKeyId()).isNotEqualTo(byOld.kekId());
        assertThat(rotated.unwrap(byOld, "b1")).isNotNull();
        assertThat(rotated.wrap(DataKey.generate(), "b2").kekId()).isEqualTo(rotated.primaryKeyId());
    }

    @Test
    void jsonKeysetLoadsAndNeitherToStringNorErrorsRevealKeyMaterial() throws Exception {
        KeysetHandle keyset = TestKeys.newKeyset();
        String json = TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());

        KeyEncryptionKey kek = KeyEncryptionKey.fromJson(json);

        assertThat(kek.primaryKeyId()).isEqualTo(keyset.getPrimary().getId());
        assertThat(kek.toString()).isEqualTo("KeyEncryptionKey[primaryKeyId=" + kek.primaryKeyId() + ", keys=1]");
        assertThat(kek.wrap(DataKey.generate(), "b1").toString()).doesNotContain("encryptedKeyset");
        String broken = json.substring(0, json.length() / 2);
        assertThatThrownBy(() -> KeyEncryptionKey.fromJson(broken))
                .hasMessage("the key-encryption keyset is not a valid Tink JSON keyset").hasNoCause();
    }
}
