package io.hacoord.coordinator.store.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The decision whether a negotiated session timeout keeps the leader's deadline safe; pure logic. */
class ZooKeeperSessionTimeoutCheckTest {

    private static final Duration TTL = Duration.ofSeconds(10);

    @Test
    void negotiatedTimeoutShorterThanTheTtlIsRefusedNamingBothValuesAndTheServerSettings() {
        assertThat(SessionTimeoutCheck.problem(TTL, 4_000)).hasValueSatisfying(message -> assertThat(message)
                .contains("4000ms", "10000ms", "minSessionTimeout", "maxSessionTimeout"));
    }

    @Test
    void negotiatedTimeoutEqualToOrLongerThanTheTtlIsSafe() {
        assertThat(SessionTimeoutCheck.problem(TTL, 10_000)).isEmpty();
        assertThat(SessionTimeoutCheck.problem(TTL, 40_000)).isEmpty();
    }

    @Test
    void noNegotiatedSessionYetIsRefused() {
        assertThat(SessionTimeoutCheck.problem(TTL, 0)).isPresent();
    }
}
