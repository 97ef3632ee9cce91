package io.hacoord.coordinator.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Query-string parsing and validated parameters. */
public final class Query {

    private Query() {
    }

    static Map<String, String> parse(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    /** An integer parameter within [min, max], or the default when absent. */
    public static int intParam(Map<String, String> q, String name, int dflt, int min, int max)
            throws HttpApi.BadRequest {
        String v = q.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new HttpApi.BadRequest("parameter '" + name + "' must be between " + min + " and " + max
                        + ", was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new HttpApi.BadRequest("parameter '" + name + "' must be an integer, was '" + v + "'");
        }
    }
}
