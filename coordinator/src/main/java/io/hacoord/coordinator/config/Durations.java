package io.hacoord.coordinator.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as operators write them: {@code 500ms}, {@code 5s}, {@code 1m}, {@code 1h}, or ISO-8601 {@code PT5S}. */
final class Durations {

    static final String FORMAT_HINT = "use a whole number with ms, s, m or h (e.g. 500ms, 5s) or ISO-8601 (PT5S)";

    private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h)");

    private Durations() {
    }

    /** The duration, or empty when the text is not one; zero and negative durations are returned as such. */
    static Optional<Duration> parse(String text) {
        Matcher m = SIMPLE.matcher(text);
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return Optional.of(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                });
            }
            if (text.startsWith("P") || text.startsWith("-P")) {
                return Optional.of(Duration.parse(text));
            }
        } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
