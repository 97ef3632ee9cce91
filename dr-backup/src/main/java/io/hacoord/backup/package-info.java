/**
 * Streaming encrypted backups, repository and manifests, retention, verification, restore and DR drills.
 * Knows nothing of elections: the coordinator hands it the fencing epoch for every published manifest.
 * (Built out by the dr-backup issue.)
 */
package io.hacoord.backup;
