/**
 * Replication topology and lag for PostgreSQL and Redis, candidate ranking, promotion and re-pointing primitives.
 * Knows nothing of elections: the coordinator hands it a fencing check for every irreversible step.
 * (Built out by the replication issue.)
 */
package io.hacoord.replication;
