package io.hacoord.coordinator.config;

import java.util.regex.Pattern;

/** Keeps secrets out of {@code toString()} and error messages. */
final class Redaction {

    static final String MASK = "***";

    /** {@code scheme://user:secret@host} and {@code ?password=secret} query parameters. */
    private static final Pattern USER_INFO = Pattern.compile("(//)[^/@?#]*@");
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&;]*");

    private Redaction() {
    }

    /** {@code null} for an absent secret, otherwise a mask that says a value is set without showing it. */
    static String mask(String secret) {
        return secret == null ? null : MASK;
    }

    /** The URI with any credentials it embeds masked. */
    static String uri(String uri) {
        if (uri == null) {
            return null;
        }
        String out = USER_INFO.matcher(uri).replaceAll("$1" + MASK + "@");
        return PASSWORD_PARAM.matcher(out).replaceAll("$1" + MASK);
    }
}
