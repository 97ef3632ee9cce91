package io.hacoord.testservers;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void lostBindRaceIsRetriedOnAnotherPort() {
        List<Integer> tried = new ArrayList<>();

        int port = FreePorts.withFreePort(candidate -> {
            tried.add(candidate);
            if (tried.size() == 1) {
                throw new FreePorts.PortTakenException(candidate, null);
            }
            return candidate;
        });

        assertThat(tried).hasSize(2);
        assertThat(port).isEqualTo(tried.get(1));
    }

    @Test
    void reservedPortIsNotHandedOutAgain() {
        int port = FreePorts.pick();
        Socket reservation = FreePorts.reserve(port);
        try {
            assertThat(reservation).isNotNull();
            for (int i = 0; i < 50; i++) {
                assertThat(FreePorts.pick()).isNotEqualTo(port);
            }
        } finally {
            FreePorts.release(reservation);
        }
    }

    @Test
    void distinctPortsAreDistinct() {
        int[] ports = FreePorts.pickDistinct(3);

        assertThat(ports).doesNotHaveDuplicates().hasSize(3);
    }
}
