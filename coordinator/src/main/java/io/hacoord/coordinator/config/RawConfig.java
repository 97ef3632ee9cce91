package io.hacoord.coordinator.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * The configuration as text values keyed by dotted path, after the environment has overridden the file; before any
 * value is interpreted. Problems of shape (YAML syntax, unknown keys, a mapping where a value belongs) are reported
 * here. Blank values count as absent, so that an empty environment variable does not count as a setting.
 */
final class RawConfig {

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder().build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Map<String, String> values = new HashMap<>();
    private final Map<String, String> fromEnv = new HashMap<>();
    private final Set<String> wrongShape = new HashSet<>();
    private boolean fenceSectionInFile;
    private boolean unparsable;

    private RawConfig() {
    }

    /** Reads the file's text and the environment; adds every problem of shape to {@code problems}. */
    static RawConfig read(String yaml, Map<String, String> env, List<String> problems) {
        RawConfig raw = new RawConfig();
        raw.readYaml(yaml, problems);
        for (String key : ConfigKeys.LEAVES) {
            String name = ConfigKeys.envName(key);
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                raw.values.put(key, value.trim());
                raw.fromEnv.put(key, name);
            }
        }
        return raw;
    }

    /** Whether the file is not YAML at all; then nothing else about it can be said. */
    boolean unparsable() {
        return unparsable;
    }

    /** Whether the key is set but holds a mapping or list; that problem is listed, "missing" would be noise. */
    boolean wrongShape(String key) {
        return wrongShape.contains(key);
    }

    Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The key as a problem should name it: with the environment variable when the value came from there. */
    String describe(String key) {
        String env = fromEnv.get(key);
        return env == null ? key : key + " (from " + env + ")";
    }

    /** Whether the {@code fence} section is configured, in the file or through any of its variables. */
    boolean fenceConfigured() {
        return fenceSectionInFile || values.keySet().stream().anyMatch(key -> key.startsWith(ConfigKeys.FENCE + "."));
    }

    /** The values of the secret keys that are set, so that a last check can keep them out of messages. */
    List<String> secretValues() {
        return ConfigKeys.SECRETS.stream().map(values::get).filter(v -> v != null).toList();
    }

    private void readYaml(String yaml, List<String> problems) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            problems.add(syntaxProblem(e));
            unparsable = true;
            return;
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return;
        }
        if (!root.isObject()) {
            problems.add("the config file must be a mapping of keys (like 'cluster: demo'), not a "
                    + kind(root));
            return;
        }
        walk("", root, problems);
    }

    private void walk(String prefix, JsonNode mapping, List<String> problems) {
        Iterator<Map.Entry<String, JsonNode>> fields = mapping.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = prefix + field.getKey();
            JsonNode value = field.getValue();
            if (ConfigKeys.SECTIONS.contains(key)) {
                section(key, value, problems);
            } else if (ConfigKeys.LEAVES.contains(key)) {
                leaf(key, value, problems);
            } else {
                problems.add(unknownKey(key));
            }
        }
    }

    private void section(String key, JsonNode value, List<String> problems) {
        if (key.equals(ConfigKeys.FENCE)) {
            fenceSectionInFile = true;
        }
        if (value.isObject()) {
            walk(key + ".", value, problems);
        } else if (!value.isNull()) {
            problems.add(key + " must be a mapping of keys, not a " + kind(value));
        }
    }

    private void leaf(String key, JsonNode value, List<String> problems) {
        if (value.isValueNode()) {
            String text = value.isNull() ? null : value.asText().trim();
            if (text != null && !text.isEmpty()) {
                values.put(key, text);
            }
        } else {
            wrongShape.add(key);
            problems.add(key + " must be a single value, not a " + kind(value));
        }
    }

    private static String unknownKey(String key) {
        return "unknown key " + key + ConfigKeys.closest(key).map(known -> " (did you mean " + known + "?)")
                .orElse("");
    }

    private static String kind(JsonNode node) {
        if (node.isObject()) {
            return "mapping";
        }
        return node.isArray() ? "list" : "single value";
    }

    /**
     * The line and the parser's short description of the problem, never the quoted source text around it: that
     * text may be the line holding a password.
     */
    private static String syntaxProblem(JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                return "the config file is not valid YAML: " + marked.getProblem() + " at line "
                        + (marked.getProblemMark().getLine() + 1) + ", column "
                        + (marked.getProblemMark().getColumn() + 1);
            }
        }
        JsonLocation where = e.getLocation();
        String line = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
        String what = e.getOriginalMessage().startsWith("Duplicate field")
                ? ": " + e.getOriginalMessage().lines().findFirst().orElse("") : "";
        return "the config file is not valid YAML" + line + what;
    }
}
