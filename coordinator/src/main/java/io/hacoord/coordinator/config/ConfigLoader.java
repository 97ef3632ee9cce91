package io.hacoord.coordinator.config;

import static io.hacoord.coordinator.config.ConfigKeys.API_TOKEN;
import static io.hacoord.coordinator.config.ConfigKeys.CLUSTER;
import static io.hacoord.coordinator.config.ConfigKeys.ELECTION_BACKEND;
import static io.hacoord.coordinator.config.ConfigKeys.ELECTION_REDIS;
import static io.hacoord.coordinator.config.ConfigKeys.ELECTION_RENEW_DEADLINE;
import static io.hacoord.coordinator.config.ConfigKeys.ELECTION_RENEW_INTERVAL;
import static io.hacoord.coordinator.config.ConfigKeys.ELECTION_TIMEOUT;
import static io.hacoord.coordinator.config.ConfigKeys.ELECTION_ZOOKEEPER;
import static io.hacoord.coordinator.config.ConfigKeys.FENCE_PASSWORD;
import static io.hacoord.coordinator.config.ConfigKeys.FENCE_POSTGRES;
import static io.hacoord.coordinator.config.ConfigKeys.FENCE_RESOURCE;
import static io.hacoord.coordinator.config.ConfigKeys.FENCE_USER;
import static io.hacoord.coordinator.config.ConfigKeys.MEMBERSHIP_HEARTBEAT_INTERVAL;
import static io.hacoord.coordinator.config.ConfigKeys.MEMBERSHIP_TTL;
import static io.hacoord.coordinator.config.ConfigKeys.NODE_ADVERTISE;
import static io.hacoord.coordinator.config.ConfigKeys.NODE_EVENT_LOG;
import static io.hacoord.coordinator.config.ConfigKeys.FENCE_CANARY_INTERVAL;
import static io.hacoord.coordinator.config.ConfigKeys.NODE_ID;
import static io.hacoord.coordinator.config.ConfigKeys.NODE_LISTEN;

import io.hacoord.coordinator.election.ElectionSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads the node's configuration from a YAML file and {@code HACOORD_*} environment variables (which win over the
 * file), and validates all of it at once: a {@link ConfigException} lists every problem, each naming its key, and
 * never shows the value of {@code fence.password} or {@code api.token}.
 *
 * <p>Lease timing has no silent default: {@code election.timeout} must be set; the renew interval and deadline
 * default to a third and two thirds of it, as {@link ElectionSettings#defaultsFor} does, and the combination must
 * pass {@link ElectionSettings#problems}.
 */
public final class ConfigLoader {

    private static final int MIN_SECRET_LENGTH_TO_SCRUB = 3;

    private final RawConfig raw;
    private final Map<String, String> env;
    private final List<String> problems;

    private ConfigLoader(RawConfig raw, Map<String, String> env, List<String> problems) {
        this.raw = raw;
        this.env = env;
        this.problems = problems;
    }

    /** Loads {@code yamlFile}; a missing file is a problem, an empty one is fine if the environment has it all. */
    public static CoordinatorConfig load(Path yamlFile, Map<String, String> env) throws ConfigException {
        if (!Files.exists(yamlFile)) {
            throw new ConfigException(List.of("config file not found: " + yamlFile));
        }
        String yaml;
        try {
            yaml = Files.readString(yamlFile);
        } catch (AccessDeniedException e) {
            throw new ConfigException(List.of("cannot read config file " + yamlFile + ": permission denied"));
        } catch (CharacterCodingException e) {
            throw new ConfigException(List.of("cannot read config file " + yamlFile + ": it is not UTF-8 text"));
        } catch (IOException e) {
            throw new ConfigException(List.of("cannot read config file " + yamlFile + ": " + e.getMessage()));
        }
        return parse(yaml, env);
    }

    /** Parses the text of a config file, with {@code env} overriding it. */
    public static CoordinatorConfig parse(String yaml, Map<String, String> env) throws ConfigException {
        List<String> problems = new ArrayList<>();
        RawConfig raw = RawConfig.read(yaml == null ? "" : yaml, env, problems);
        if (raw.unparsable()) {
            throw new ConfigException(problems);
        }
        return new ConfigLoader(raw, env, problems).resolve();
    }

    private CoordinatorConfig resolve() throws ConfigException {
        String cluster = required(CLUSTER);
        NodeConfig node = node();
        Timing timing = timing();
        ElectionConfig election = election(timing.settings());
        MembershipConfig membership = membership(timing.renewInterval());
        FenceConfig fence = raw.fenceConfigured() ? fence(cluster) : null;
        ApiConfig api = new ApiConfig(raw.get(API_TOKEN).orElse(null));
        if (!problems.isEmpty()) {
            throw new ConfigException(withoutSecrets(problems));
        }
        return new CoordinatorConfig(cluster, node, election, membership, fence, api);
    }

    private NodeConfig node() {
        String id = required(NODE_ID);
        String listenText = required(NODE_LISTEN);
        HostPort listen = null;
        if (listenText != null) {
            listen = HostPort.parse(listenText).orElse(null);
            if (listen == null) {
                problems.add(raw.describe(NODE_LISTEN) + ": '" + listenText
                        + "' is not host:port with a port from 1 to 65535 (e.g. 127.0.0.1:8081)");
            }
        }
        String advertise = raw.get(NODE_ADVERTISE).isPresent()
                ? advertiseUrl(raw.get(NODE_ADVERTISE).get())
                : listen == null ? null : defaultAdvertiseUrl(listen);
        if (id == null || listen == null || advertise == null) {
            return null;
        }
        return new NodeConfig(id, listen.host(), listen.port(), advertise, raw.get(NODE_EVENT_LOG).orElse(null));
    }

    private String advertiseUrl(String text) {
        try {
            URI uri = new URI(text);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return text;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        problems.add(raw.describe(NODE_ADVERTISE) + ": '" + Redaction.uri(text)
                + "' is not an http:// or https:// URL with a host");
        return null;
    }

    /** {@code http://} + listen; a wildcard listen address names no host, so the host name stands in. */
    private String defaultAdvertiseUrl(HostPort listen) {
        if (!listen.wildcard()) {
            return "http://" + listen.text();
        }
        String host = hostName();
        if (host == null) {
            problems.add(NODE_ADVERTISE + " is required: " + NODE_LISTEN + " binds every interface ("
                    + listen.host() + ") and this host's name cannot be determined");
            return null;
        }
        return "http://" + host + ":" + listen.port();
    }

    /** {@code HOSTNAME} first: on Kubernetes it is the pod name, which the headless service resolves. */
    private String hostName() {
        String fromEnv = env.get("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** The lease timing; parts are null where a value is missing or bad (and that problem is already listed). */
    private record Timing(Duration renewInterval, ElectionSettings settings) {
    }

    private Timing timing() {
        Duration ttl = duration(ELECTION_TIMEOUT, null);
        if (ttl == null && raw.get(ELECTION_TIMEOUT).isEmpty() && !raw.wrongShape(ELECTION_TIMEOUT)) {
            problems.add(ELECTION_TIMEOUT + " is required (the lease TTL / ZooKeeper session timeout, e.g. 5s; "
                    + "there is no default), or set " + ConfigKeys.envName(ELECTION_TIMEOUT));
        }
        Duration renew = duration(ELECTION_RENEW_INTERVAL, ttl == null ? null : ttl.dividedBy(3));
        Duration deadline = duration(ELECTION_RENEW_DEADLINE, ttl == null ? null : ttl.multipliedBy(2).dividedBy(3));
        if (ttl == null || renew == null || deadline == null) {
            return new Timing(renew, null);
        }
        Duration commandTimeout = ElectionSettings.defaultCommandTimeout(renew);
        List<String> unsafe = ElectionSettings.problems(ttl, renew, deadline, commandTimeout);
        problems.addAll(unsafe);
        return new Timing(renew, unsafe.isEmpty() ? new ElectionSettings(ttl, renew, deadline, commandTimeout) : null);
    }

    private ElectionConfig election(ElectionSettings settings) {
        String backendText = required(ELECTION_BACKEND);
        BackendKind backend = backendText == null ? null : BackendKind.fromConfigName(backendText).orElse(null);
        if (backendText != null && backend == null) {
            problems.add(raw.describe(ELECTION_BACKEND) + ": '" + backendText + "' is not one of redis, zookeeper");
        }
        String redis = raw.get(ELECTION_REDIS).orElse(null);
        String zookeeper = raw.get(ELECTION_ZOOKEEPER).orElse(null);
        if (redis != null && !redis.startsWith("redis://") && !redis.startsWith("rediss://")) {
            problems.add(raw.describe(ELECTION_REDIS) + ": '" + Redaction.uri(redis)
                    + "' must start with redis:// or rediss://");
            redis = null;
        } else if (redis != null && !isValidRedisUri(redis)) {
            // Never echo the value: the parser's own message quotes it whole, password included.
            problems.add(raw.describe(ELECTION_REDIS) + ": '" + Redaction.uri(redis) + "' is not a valid Redis URI"
                    + " (percent-encode special characters in the password)");
            redis = null;
        } else if (redis == null && backend == BackendKind.REDIS && !raw.wrongShape(ELECTION_REDIS)) {
            problems.add(ELECTION_REDIS + " is required when " + ELECTION_BACKEND + " is redis");
        }
        if (zookeeper == null && backend == BackendKind.ZOOKEEPER && !raw.wrongShape(ELECTION_ZOOKEEPER)) {
            problems.add(ELECTION_ZOOKEEPER + " is required when " + ELECTION_BACKEND + " is zookeeper");
        }
        if (backend == null || settings == null || (backend == BackendKind.REDIS ? redis : zookeeper) == null) {
            return null;
        }
        return new ElectionConfig(backend, redis, zookeeper, settings);
    }

    private MembershipConfig membership(Duration renewInterval) {
        Duration heartbeat = duration(MEMBERSHIP_HEARTBEAT_INTERVAL, renewInterval);
        Duration ttl = duration(MEMBERSHIP_TTL, heartbeat == null ? null : heartbeat.multipliedBy(3));
        if (heartbeat == null || ttl == null) {
            return null;
        }
        if (ttl.compareTo(heartbeat) <= 0) {
            problems.add(raw.describe(MEMBERSHIP_TTL) + " " + ttl.toMillis() + "ms must be greater than "
                    + MEMBERSHIP_HEARTBEAT_INTERVAL + " " + heartbeat.toMillis()
                    + "ms: members would be dropped between two heartbeats");
            return null;
        }
        return new MembershipConfig(heartbeat, ttl);
    }

    private FenceConfig fence(String cluster) {
        String url = raw.get(FENCE_POSTGRES).orElse(null);
        if (url == null && !raw.wrongShape(FENCE_POSTGRES)) {
            problems.add(FENCE_POSTGRES + " is required when the fence section is configured");
        } else if (url != null && !url.startsWith("jdbc:postgresql:")) {
            // The URL is not repeated: it may carry a password.
            problems.add(raw.describe(FENCE_POSTGRES) + " must be a jdbc:postgresql: URL");
            url = null;
        }
        String resource = raw.get(FENCE_RESOURCE).orElse(cluster);
        if (url == null || resource == null) {
            return null;
        }
        Duration canary = duration(FENCE_CANARY_INTERVAL, null);
        return new FenceConfig(url, raw.get(FENCE_USER).orElse(null), raw.get(FENCE_PASSWORD).orElse(null),
                resource, canary);
    }

    private String required(String key) {
        String value = raw.get(key).orElse(null);
        if (value == null && !raw.wrongShape(key)) {
            problems.add(key + " is required (in the config file, or set " + ConfigKeys.envName(key) + ")");
        }
        return value;
    }

    /**
     * The duration at {@code key}, or {@code fallback} when the key is not set; null (with a problem listed) when the
     * value is not a positive duration.
     */
    private Duration duration(String key, Duration fallback) {
        String text = raw.get(key).orElse(null);
        if (text == null) {
            return fallback;
        }
        Duration value = Durations.parse(text).orElse(null);
        if (value == null) {
            problems.add(raw.describe(key) + ": '" + text + "' is not a duration; " + Durations.FORMAT_HINT);
        } else if (value.isNegative() || value.isZero()) {
            problems.add(raw.describe(key) + ": '" + text + "' must be positive");
            value = null;
        }
        return value;
    }

    /**
     * A last guard: no code path above shows a secret value, but should one ever do, the secret is masked before the
     * message can reach a log. Very short secrets are left alone: masking them would garble every message.
     */
    private List<String> withoutSecrets(List<String> found) {
        List<String> out = new ArrayList<>(found);
        for (String secret : raw.secretValues()) {
            if (secret.length() >= MIN_SECRET_LENGTH_TO_SCRUB) {
                out.replaceAll(problem -> problem.replace(secret, Redaction.MASK));
            }
        }
        return out;
    }

    private static boolean isValidRedisUri(String uri) {
        try {
            io.lettuce.core.RedisURI.create(uri);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
