package io.hacoord.replication;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a promotion did, with the steps taken so far: the caller logs it and puts it in the history.
 */
public sealed interface PromotionOutcome {

    /** The steps actually taken, in order (e.g. {@code "promoted pg-2"}, {@code "re-pointed pg-3 to pg-2"}). */
    List<String> stepsDone();

    String reason();

    /**
     * The new primary accepts writes. {@code repointFailures} lists replicas that could not be re-pointed
     * (each with its reason); they stay on the old primary and need attention, but the promotion stands.
     */
    record Promoted(String newPrimary, Duration took, List<String> stepsDone, List<String> repointFailures)
            implements PromotionOutcome {
        public Promoted {
            Objects.requireNonNull(newPrimary, "newPrimary");
            stepsDone = List.copyOf(stepsDone);
            repointFailures = List.copyOf(repointFailures);
        }

        @Override
        public String reason() {
            return "promoted " + newPrimary + " in " + took.toMillis() + " ms"
                    + (repointFailures.isEmpty() ? "" : "; not re-pointed: " + String.join("; ", repointFailures));
        }
    }

    /** The fencing check refused a step: nothing from {@code refusedStep} on was done. */
    record Aborted(String refusedStep, String reason, List<String> stepsDone) implements PromotionOutcome {
        public Aborted {
            stepsDone = List.copyOf(stepsDone);
        }
    }

    /** A step failed (e.g. the target was not a replica, or did not finish promoting in time). */
    record Failed(String failedStep, String reason, List<String> stepsDone) implements PromotionOutcome {
        public Failed {
            stepsDone = List.copyOf(stepsDone);
        }
    }
}
