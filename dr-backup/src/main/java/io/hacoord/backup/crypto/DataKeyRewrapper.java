package io.hacoord.backup.crypto;

import io.hacoord.backup.Manifest;
import io.hacoord.backup.repository.BackupRepository;
import java.io.IOException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key rotation without re-encrypting data: every manifest whose data key was wrapped by another key
 * than the KEK's primary gets its data key unwrapped (by the old key, still in the keyset) and wrapped
 * again by the primary. After a run, the old key can be removed from the keyset.
 *
 * <p>Each manifest is replaced atomically, so a crash leaves every backup wrapped by either key.
 */
public final class DataKeyRewrapper {

    private static final Logger LOG = LoggerFactory.getLogger(DataKeyRewrapper.class);

    private final BackupRepository repository;
    private final KeyEncryptionKey kek;

    public DataKeyRewrapper(BackupRepository repository, KeyEncryptionKey kek) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.kek = Objects.requireNonNull(kek, "kek");
    }

    /**
     * Re-wraps every data key not wrapped by the primary key, fenced by {@code epoch}.
     *
     * @return how many manifests were re-wrapped
     * @throws KeyUnwrapException when a data key was wrapped by a key no longer in the keyset
     */
    public int rewrapAll(long epoch) throws IOException {
        int rewrapped = 0;
        for (Manifest manifest : repository.manifests()) {
            if (manifest.dataKey().kekId() == kek.primaryKeyId()) {
                continue;
            }
            DataKey dataKey = kek.unwrap(manifest.dataKey(), manifest.id());
            repository.replaceManifest(manifest.withDataKey(kek.wrap(dataKey, manifest.id())), epoch);
            rewrapped++;
        }
        LOG.info("Re-wrapped {} data key(s) under key {}", rewrapped, kek.primaryKeyId());
        return rewrapped;
    }
}
