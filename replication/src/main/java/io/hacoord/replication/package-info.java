/**
 * Replication topology and lag for PostgreSQL and Redis, candidate ranking, promotion and re-pointing primitives.
 * Knows nothing of elections: the coordinator hands it a {@link io.hacoord.replication.FencingCheck} for every
 * irreversible step.
 *
 * <ul>
 *   <li>{@code .postgres}: probes ({@code PostgresReplication}, {@code PostgresProbe}), lag rules
 *       ({@code PostgresLagCalculator}), promotion ({@code PostgresPromoter}) and {@code RejoinCheck}.</li>
 *   <li>{@code .redis}: the same for Redis ({@code RedisReplication}, {@code RedisPromoter}).</li>
 *   <li>{@code .ranking}: {@code CandidateRanker}, a pure decision over {@code Candidate} values.</li>
 *   <li>{@code .lag}: {@code LagMonitor}, the periodic sampler with thresholds, listeners and gauges.</li>
 * </ul>
 */
package io.hacoord.replication;
