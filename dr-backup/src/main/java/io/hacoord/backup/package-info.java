/**
 * Streaming encrypted backups, repository and manifests, retention, verification, restore and DR drills.
 * Knows nothing of elections: the coordinator hands it the fencing epoch for every published manifest.
 *
 * <p>The pipeline ({@link io.hacoord.backup.BackupWriter}): source → zstd → Tink streaming AEAD
 * (AES-256-GCM-HKDF, 1 MiB segments, a fresh data key per backup wrapped by a key-encryption key) →
 * repository, published atomically with a {@link io.hacoord.backup.Manifest}.
 */
package io.hacoord.backup;
