package io.hacoord.coordinator.config;

import java.util.Objects;

/**
 * The PostgreSQL fence that refuses side effects of a stale leader.
 *
 * @param jdbcUrl  a {@code jdbc:postgresql:} URL
 * @param user     {@code null} when not configured (the driver's default applies)
 * @param password {@code null} when not configured; never printed
 * @param resource the fence row this cluster uses
 * @param canaryInterval how often the leader writes a fenced canary row; null for no canary
 */
public record FenceConfig(String jdbcUrl, String user, String password, String resource,
                          java.time.Duration canaryInterval) {

    public FenceConfig(String jdbcUrl, String user, String password, String resource) {
        this(jdbcUrl, user, password, resource, null);
    }

    public FenceConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(resource, "resource");
    }

    /** Never prints the password, and redacts one embedded in the URL. */
    @Override
    public String toString() {
        return "FenceConfig[jdbcUrl=" + Redaction.uri(jdbcUrl) + ", user=" + user + ", password="
                + Redaction.mask(password) + ", resource=" + resource + ", canaryInterval=" + canaryInterval + "]";
    }
}
