package io.hacoord.coordinator.config;

import java.util.Locale;
import java.util.Optional;

/** The coordination store an election runs on; written in lower case in the configuration file. */
public enum BackendKind {
    REDIS,
    ZOOKEEPER;

    /** The name used in the configuration file. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<BackendKind> fromConfigName(String text) {
        for (BackendKind kind : values()) {
            if (kind.configName().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
