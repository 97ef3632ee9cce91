package io.hacoord.coordinator.config;

import java.util.Optional;

/**
 * A {@code host:port} pair as written in {@code node.listen}; IPv6 hosts in brackets ({@code [::1]:8081}).
 *
 * @param host the host without brackets, ready to bind
 * @param text the pair as written, ready to put in a URL
 */
record HostPort(String host, int port, String text) {

    static Optional<HostPort> parse(String text) {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf("]:");
            if (close < 0) {
                return Optional.empty();
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0 || text.indexOf(':') != colon) {
                return Optional.empty();
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
        }
        if (host.isBlank() || !port.matches("\\d{1,5}")) {
            return Optional.empty();
        }
        int number = Integer.parseInt(port);
        return number >= 1 && number <= 65535 ? Optional.of(new HostPort(host, number, text)) : Optional.empty();
    }

    /** Whether this binds every interface, so that it names no host another node could reach. */
    boolean wildcard() {
        return host.equals("0.0.0.0") || host.equals("::");
    }
}
