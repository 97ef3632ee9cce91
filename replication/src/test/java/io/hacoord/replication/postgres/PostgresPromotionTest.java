package io.hacoord.replication.postgres;

import static io.hacoord.replication.postgres.PgCluster.endpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hacoord.replication.PromotionOutcome;
import io.hacoord.replication.StaleTermException;
import io.hacoord.testservers.PostgresServer;
import io.hacoord.testservers.TestServers;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each test gets its own primary and two replicas: promotion cannot be undone. */
class PostgresPromotionTest {

    private PostgresServer primary;
    private PostgresServer replica1;
    private PostgresServer replica2;
    private PostgresReplication replication;
    private PostgresPromoter promoter;

    @BeforeEach
    void startCluster() throws SQLException {
        primary = TestServers.postgres();
        replica1 = primary.startReplica("pg-1");
        replica2 = primary.startReplica("pg-2");
        PgCluster.execute(primary, "CREATE TABLE notes (id text PRIMARY KEY)");
        replication = new PostgresReplication(List.of(endpoint("pg-0", primary), endpoint("pg-1", replica1),
                endpoint("pg-2", replica2)), Duration.ofSeconds(2), InstantSource.system());
        promoter = new PostgresPromoter(replication.pools(), Duration.ofSeconds(30), System::nanoTime);
    }

    @AfterEach
    void stopCluster() {
        if (replication != null) {
            replication.close();
        }
        if (primary != null) {
            primary.close();
        }
    }

    @Test
    void promotionMakesTheChosenReplicaWritableAndTheOtherFollowsIt() throws SQLException {
        List<String> checkedSteps = new ArrayList<>();
        PromotionOutcome outcome = promoter.promote(endpoint("pg-1", replica1), List.of(endpoint("pg-2", replica2)),
                checkedSteps::add);

        assertThat(outcome).isInstanceOf(PromotionOutcome.Promoted.class);
        assertThat(outcome.stepsDone()).containsExactly("promoted pg-1", "re-pointed pg-2 to pg-1");
        assertThat(checkedSteps).containsExactly("promote pg-1", "re-point pg-2 to pg-1");
        assertThat(PgCluster.queryString(replica1, "SELECT pg_is_in_recovery()")).isEqualTo("f");

        String row = UUID.randomUUID().toString();
        PgCluster.execute(replica1, "INSERT INTO notes VALUES ('" + row + "')");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                row.equals(PgCluster.queryString(replica2, "SELECT id FROM notes WHERE id = '" + row + "'")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            PostgresNodeStatus.Standby s2 = (PostgresNodeStatus.Standby) replication.observe().node("pg-2").orElseThrow();
            assertThat(s2.receiver()).hasValueSatisfying(r -> {
                assertThat(r.senderPort()).isEqualTo(replica1.port());
                assertThat(r.receivedTimeline()).isEqualTo(2);
            });
        });
    }

    @Test
    void staleFencingCheckAbortsThePromotionBeforeItStarts() throws SQLException {
        PromotionOutcome outcome = promoter.promote(endpoint("pg-1", replica1), List.of(endpoint("pg-2", replica2)),
                step -> {
                    throw new StaleTermException("term 7 superseded by term 8");
                });

        assertThat(outcome).isEqualTo(new PromotionOutcome.Aborted("promote pg-1",
                "stale term before promote pg-1: term 7 superseded by term 8", List.of()));
        assertThat(PgCluster.queryString(replica1, "SELECT pg_is_in_recovery()")).isEqualTo("t");
        assertThat(PgCluster.queryString(primary, "SELECT pg_is_in_recovery()")).isEqualTo("f");
    }

    @Test
    void staleTermAfterThePromotionStopsBeforeRepointing() throws SQLException {
        PromotionOutcome outcome = promoter.promote(endpoint("pg-1", replica1), List.of(endpoint("pg-2", replica2)),
                step -> {
                    if (step.startsWith("re-point")) {
                        throw new StaleTermException("lease lost");
                    }
                });

        assertThat(outcome).isInstanceOf(PromotionOutcome.Aborted.class);
        assertThat(((PromotionOutcome.Aborted) outcome).refusedStep()).isEqualTo("re-point pg-2 to pg-1");
        assertThat(outcome.stepsDone()).containsExactly("promoted pg-1");
        PostgresNodeStatus.Standby s2 = (PostgresNodeStatus.Standby) replication.observe().node("pg-2").orElseThrow();
        assertThat(s2.receiver()).hasValueSatisfying(r -> assertThat(r.senderPort()).isEqualTo(primary.port()));
    }

    @Test
    void oldPrimaryThatKeptWritingAfterTheFailoverIsReportedAsNeedingRewind() throws SQLException {
        promoter.promote(endpoint("pg-1", replica1), List.of(), step -> { });
        // The old primary still runs (pg_promote does not stop it): a write there diverges it.
        PgCluster.execute(primary, "INSERT INTO notes VALUES ('written on the old timeline')");

        PostgresClusterView view = replication.observe();
        assertThat(view.primaries()).extracting(p -> p.endpoint().name() + "@" + p.timeline())
                .containsExactly("pg-1@2", "pg-0@1");
        assertThat(view.primary()).hasValueSatisfying(p -> assertThat(p.endpoint().name()).isEqualTo("pg-1"));

        RejoinAssessment assessment = replication.rejoinCheck().assess(endpoint("pg-0", primary), view.primary().orElseThrow());

        assertThat(assessment).isInstanceOf(RejoinAssessment.NeedsRewind.class);
        assertThat(assessment.reason()).startsWith("diverged: pg-0 is a primary on timeline 1 at WAL ")
                .contains("pg-1 forked timeline 2 from it at ").endsWith("so pg-0 needs a rewind");
    }
}
