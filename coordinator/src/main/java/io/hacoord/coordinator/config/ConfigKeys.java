package io.hacoord.coordinator.config;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The keys of the configuration file, their environment variables, and help for misspelt ones. */
final class ConfigKeys {

    static final String CLUSTER = "cluster";
    static final String NODE_ID = "node.id";
    static final String NODE_LISTEN = "node.listen";
    static final String NODE_ADVERTISE = "node.advertise";
    static final String NODE_EVENT_LOG = "node.eventLog";
    static final String ELECTION_BACKEND = "election.backend";
    static final String ELECTION_REDIS = "election.redis";
    static final String ELECTION_ZOOKEEPER = "election.zookeeper";
    static final String ELECTION_TIMEOUT = "election.timeout";
    static final String ELECTION_RENEW_INTERVAL = "election.renewInterval";
    static final String ELECTION_RENEW_DEADLINE = "election.renewDeadline";
    static final String MEMBERSHIP_HEARTBEAT_INTERVAL = "membership.heartbeatInterval";
    static final String MEMBERSHIP_TTL = "membership.ttl";
    static final String FENCE = "fence";
    static final String FENCE_POSTGRES = "fence.postgres";
    static final String FENCE_USER = "fence.user";
    static final String FENCE_PASSWORD = "fence.password";
    static final String FENCE_RESOURCE = "fence.resource";
    static final String FENCE_CANARY_INTERVAL = "fence.canaryInterval";
    static final String API_TOKEN = "api.token";

    /** Every scalar key, by its dotted path. */
    static final List<String> LEAVES = List.of(CLUSTER, NODE_ID, NODE_LISTEN, NODE_ADVERTISE, NODE_EVENT_LOG,
            ELECTION_BACKEND,
            ELECTION_REDIS, ELECTION_ZOOKEEPER, ELECTION_TIMEOUT, ELECTION_RENEW_INTERVAL, ELECTION_RENEW_DEADLINE,
            MEMBERSHIP_HEARTBEAT_INTERVAL, MEMBERSHIP_TTL, FENCE_POSTGRES, FENCE_USER, FENCE_PASSWORD,
            FENCE_RESOURCE, FENCE_CANARY_INTERVAL, API_TOKEN);

    /** Keys that hold a mapping of further keys. */
    static final Set<String> SECTIONS = Set.of("node", "election", "membership", FENCE, "api");

    /** Keys whose values must never be shown. */
    static final Set<String> SECRETS = Set.of(FENCE_PASSWORD, API_TOKEN);

    private static final String ENV_PREFIX = "HACOORD_";

    private ConfigKeys() {
    }

    /** {@code election.renewInterval} is overridden by {@code HACOORD_ELECTION_RENEW_INTERVAL}. */
    static String envName(String key) {
        return ENV_PREFIX + key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    /** The known key an unknown one most likely meant, if one is close enough to be a typo. */
    static Optional<String> closest(String unknown) {
        List<String> candidates = new java.util.ArrayList<>(LEAVES);
        candidates.addAll(SECTIONS);
        String wanted = normalize(unknown);
        return candidates.stream()
                .filter(known -> normalize(known).equals(wanted) || distance(known, unknown) <= maxTypos(known))
                .min(Comparator.comparingInt(known -> distance(known, unknown)));
    }

    /** Case, dashes and underscores ignored: {@code renew_interval} means {@code renewInterval}. */
    private static String normalize(String key) {
        return key.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    }

    private static int maxTypos(String known) {
        String lastPart = known.substring(known.lastIndexOf('.') + 1);
        return lastPart.length() <= 4 ? 1 : 2;
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
