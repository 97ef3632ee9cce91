package io.hacoord.coordinator.config;

/**
 * The operator API.
 *
 * @param token the bearer token that mutations (switchover, pause, backup now) require; {@code null} disables
 *              mutations. Never printed.
 */
public record ApiConfig(String token) {

    /** Whether mutations are allowed at all. */
    public boolean mutationsEnabled() {
        return token != null;
    }

    @Override
    public String toString() {
        return "ApiConfig[token=" + Redaction.mask(token) + "]";
    }
}
