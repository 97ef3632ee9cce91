package io.hacoord.coordinator.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hacoord.coordinator.store.Lease;
import io.hacoord.coordinator.time.FakeNanoClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LeaderTermTest {

    private final FakeNanoClock clock = new FakeNanoClock();
    private final Duration deadline = Duration.ofMillis(2000);

    private LeaderTerm termSentAt(long sentAt) {
        return new LeaderTerm(new Lease("n1", "tok", 3, sentAt, sentAt), deadline, clock, Instant.EPOCH);
    }

    @Test
    void validUntilTheRenewDeadlineCountedFromTheSendTimeNotFromNow() {
        long sentAt = clock.nanoTime();
        clock.advance(Duration.ofMillis(300)); // the acquire's reply arrived 300 ms after it was sent
        LeaderTerm term = termSentAt(sentAt);
        assertThat(term.isValid()).isTrue();
        clock.advance(Duration.ofMillis(1699));
        assertThat(term.isValid()).isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(term.isValid()).as("exactly at sentAt + renewDeadline").isFalse();
    }

    @Test
    void aConfirmedRenewalMovesTheDeadlineToItsOwnSendTime() {
        LeaderTerm term = termSentAt(clock.nanoTime());
        clock.advance(Duration.ofMillis(1500));
        long renewSent = clock.nanoTime();
        clock.advance(Duration.ofMillis(400));
        term.confirmed(term.lease().renewedAt(renewSent));
        clock.advance(Duration.ofMillis(1599));
        assertThat(term.isValid()).isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(term.isValid()).isFalse();
    }

    @Test
    void aLateConfirmationOfAnOlderRenewalNeverMovesTheDeadlineBack() {
        long first = clock.nanoTime();
        LeaderTerm term = termSentAt(first);
        clock.advance(Duration.ofMillis(1000));
        term.confirmed(term.lease().renewedAt(clock.nanoTime()));
        long before = term.deadlineNanos();
        term.confirmed(term.lease().renewedAt(first + 10));
        assertThat(term.deadlineNanos()).isEqualTo(before);
    }

    @Test
    void revocationEndsValidityAtOnceAndForGood() {
        LeaderTerm term = termSentAt(clock.nanoTime());
        term.revoke();
        assertThat(term.isValid()).isFalse();
        term.confirmed(term.lease().renewedAt(clock.nanoTime() + 1));
        assertThat(term.isValid()).isFalse();
    }

    @Test
    void aRenewalOfAnotherEpochIsRejected() {
        LeaderTerm term = termSentAt(clock.nanoTime());
        assertThatThrownBy(() -> term.confirmed(new Lease("n1", "tok", 4, clock.nanoTime(), clock.nanoTime())))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
