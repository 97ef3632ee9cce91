package io.hacoord.coordinator.config;

import java.util.Objects;

/**
 * The PostgreSQL fence that refuses side effects of a stale leader.
 *
 * @param jdbcUrl  a {@code jdbc:postgresql:} URL
 * @param user     {@code null} when not configured (the driver's default applies)
 * @param password {@code null} when not configured; never printed
 * @param resource the fence row this cluster uses
 */
public record FenceConfig(String jdbcUrl, String user, String password, String resource) {

    public FenceConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(resource, "resource");
    }

    /** Never prints the password, and redacts one embedded in the URL. */
    @Override
    public String toString() {
        return "FenceConfig[jdbcUrl=" + Redaction.uri(jdbcUrl) + ", user=" + user + ", password="
                + Redaction.mask(password) + ", resource=" + resource + "]";
    }
}
