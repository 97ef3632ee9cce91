package io.hacoord.replication.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.hacoord.replication.Lag;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Pure logic of the PostgreSQL side: LSNs, lag rules, history parsing, and secrets kept out of text. */
class PostgresValuesTest {

    private static final PostgresEndpoint PRIMARY = PostgresEndpoint.of("pg-0", "10.0.0.1", 5432, "repl", "s3cr'et\\x");
    private static final PostgresEndpoint STANDBY = PostgresEndpoint.of("pg-1", "10.0.0.2", 5432, "repl", "s3cr'et\\x");

    @Test
    void lsnTextRoundTripsAndDifferencesAreBytes() {
        Lsn a = Lsn.parse("16/B374D848");
        assertThat(a.value()).isEqualTo(0x16B374D848L);
        assertThat(a).hasToString("16/B374D848");
        assertThat(Lsn.parse("17/0").bytesAfter(a)).isEqualTo(0x1700000000L - 0x16B374D848L);
        assertThat(a.bytesAfter(Lsn.parse("17/0"))).isZero();
    }

    @Test
    void equalPositionsMeanZeroLagHoweverOldTheReplayTimestamp() {
        Instant now = Instant.parse("2026-11-22T07:00:00Z");
        var standby = standby(Lsn.parse("0/3000000"), now.minusSeconds(3600), now);
        assertThat(PostgresLagCalculator.standbyLag(Lsn.parse("0/3000000"), Optional.empty(), standby))
                .isEqualTo(Lag.caughtUp());
    }

    @Test
    void behindWithAReplayTimestampGivesBytesAndTheUpperBoundTime() {
        Instant now = Instant.parse("2026-11-22T07:00:00Z");
        var standby = standby(Lsn.parse("0/3000000"), now.minusSeconds(3), now);
        assertThat(PostgresLagCalculator.standbyLag(Lsn.parse("0/3100000"), Optional.empty(), standby))
                .isEqualTo(new Lag.Measured(0x100000, Duration.ofSeconds(3),
                        PostgresLagCalculator.TIME_BASIS_REPLAY_TIMESTAMP));
    }

    @Test
    void behindWithoutAnyTimingIsBytesOnlyWithTheReason() {
        var standby = standby(Lsn.parse("0/3000000"), null, Instant.EPOCH);
        assertThat(PostgresLagCalculator.standbyLag(Lsn.parse("0/3000010"), Optional.empty(), standby))
                .isEqualTo(new Lag.BytesOnly(16,
                        "no transaction replayed since start and the primary reports no replay_lag"));
    }

    @Test
    void forkPointIsReadFromTheTimelineHistory() {
        String history = "1\t0/3000158\tno recovery target specified\n\n2\t0/5000000\tno recovery target specified\n";
        assertThat(RejoinCheck.parseForkPoint(history, 1)).contains(Lsn.parse("0/3000158"));
        assertThat(RejoinCheck.parseForkPoint(history, 2)).contains(Lsn.parse("0/5000000"));
        assertThat(RejoinCheck.parseForkPoint(history, 3)).isEmpty();
    }

    @Test
    void passwordNeverAppearsInToStringAndIsQuotedInConninfo() {
        assertThat(PRIMARY.toString()).doesNotContain("s3cr");
        assertThat(PostgresPromoter.conninfo(STANDBY, PRIMARY)).isEqualTo(
                "host='10.0.0.1' port=5432 user='repl' password='s3cr\\'et\\\\x' application_name='pg-1'");
    }

    private static PostgresNodeStatus.Standby standby(Lsn replay, Instant replayTimestamp, Instant serverTime) {
        return new PostgresNodeStatus.Standby(STANDBY, replay, replay, replayTimestamp, serverTime, false, Optional.empty());
    }
}
