package io.hacoord.coordinator.config;

import java.io.Serial;
import java.util.List;

/**
 * The configuration cannot be used. Lists every problem found, not just the first; each names the key it is about
 * and none contains a secret value.
 */
public final class ConfigException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** Every problem, one human-readable sentence each, in the order found. */
    public List<String> problems() {
        return problems;
    }
}
