package dev.gannet.broker.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Where configuration values come from, in order of precedence: an environment variable
 * ({@code GANNET_} + the key upper-cased with '.' and '-' as '_'), then the YAML file, then the
 * default given by the reader.
 *
 * <p>Every typed read names its key, so a bad value is reported as
 * "mqtt.port (GANNET_MQTT_PORT): ...". Keys in the file that nothing reads are reported too:
 * a typo must not silently fall back to a default.
 */
public final class ConfigSource {

    private final Map<String, String> fileValues;
    private final Map<String, String> environment;
    private final String fileName;
    private final Set<String> keysRead = new LinkedHashSet<>();
    /** The value each key took, by key: what the management endpoint shows as the running configuration. */
    private final Map<String, Setting> settings = new java.util.TreeMap<>();

    /**
     * One key as the broker runs with it; a secret (a key naming a password) shows as "***".
     *
     * @param source "default", "file" or "environment"
     */
    public record Setting(String key, String value, String environmentVariable, String source) {
    }

    private ConfigSource(Map<String, String> fileValues, Map<String, String> environment, String fileName) {
        this.fileValues = fileValues;
        this.environment = environment;
        this.fileName = fileName;
    }

    /** Values from {@code yamlFile} (may be null: defaults only) overridden by {@code environment}. */
    public static ConfigSource load(Path yamlFile, Map<String, String> environment) {
        if (yamlFile == null) {
            return new ConfigSource(Map.of(), environment, null);
        }
        if (!Files.isRegularFile(yamlFile)) {
            throw new ConfigException("Configuration file not found: " + yamlFile.toAbsolutePath());
        }
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(yamlFile.toFile());
            Map<String, String> flat = new LinkedHashMap<>();
            if (root != null && !root.isMissingNode() && !root.isNull()) {
                if (!root.isObject()) {
                    throw new ConfigException("Configuration file " + yamlFile + " must hold a YAML mapping at the top");
                }
                flatten("", root, flat, yamlFile);
            }
            return new ConfigSource(flat, environment, yamlFile.toString());
        } catch (IOException e) {
            throw new ConfigException("Cannot read configuration file " + yamlFile + ": " + e.getMessage(), e);
        }
    }

    /** Defaults overridden by the given values (keys as in the YAML file): for tests and embedding. */
    public static ConfigSource of(Map<String, String> values) {
        return new ConfigSource(Map.copyOf(values), Map.of(), "(given values)");
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out, Path file) {
        node.properties().forEach(field -> {
            String key = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                flatten(key, value, out, file);
            } else if (value.isArray()) {
                throw new ConfigException("Configuration key " + key + " in " + file + " must not be a list");
            } else if (!value.isNull()) {
                out.put(key, value.asText());
            }
        });
    }

    /** The environment variable that overrides {@code key}. */
    public static String environmentVariable(String key) {
        return "GANNET_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public String string(String key, String defaultValue) {
        String value = raw(key);
        String result = value == null ? defaultValue : value.trim();
        remember(key, result);
        return result;
    }

    public int integer(String key, int defaultValue, int min, int max) {
        return parse(key, defaultValue, "an integer from " + min + " to " + max, text -> {
            int value = Integer.parseInt(text);
            return value >= min && value <= max ? value : null;
        });
    }

    public long longValue(String key, long defaultValue, long min, long max) {
        return parse(key, defaultValue, "an integer from " + min + " to " + max, text -> {
            long value = Long.parseLong(text);
            return value >= min && value <= max ? value : null;
        });
    }

    public boolean bool(String key, boolean defaultValue) {
        return parse(key, defaultValue, "true or false", text -> switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> Boolean.TRUE;
            case "false", "no", "off" -> Boolean.FALSE;
            default -> null;
        });
    }

    /** One of the enum's constants, written in lower case with '-' for '_' ("drop-oldest"). */
    public <E extends Enum<E>> E choice(String key, E defaultValue) {
        Class<E> type = defaultValue.getDeclaringClass();
        Set<String> names = new TreeSet<>();
        for (E constant : type.getEnumConstants()) {
            names.add(configName(constant));
        }
        return parse(key, defaultValue, "one of " + String.join(", ", names), text -> {
            for (E constant : type.getEnumConstants()) {
                if (configName(constant).equals(text.toLowerCase(Locale.ROOT))) {
                    return constant;
                }
            }
            return null;
        });
    }

    public static String configName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private <T> T parse(String key, T defaultValue, String expected, Function<String, T> parser) {
        String text = raw(key);
        if (text == null) {
            remember(key, defaultValue instanceof Enum<?> constant ? configName(constant) : String.valueOf(defaultValue));
            return defaultValue;
        }
        remember(key, text.trim());
        T value;
        try {
            value = parser.apply(text.trim());
        } catch (NumberFormatException e) {
            value = null;
        }
        if (value == null) {
            throw new ConfigException("Invalid value '" + text + "' for " + describe(key) + ": expected " + expected);
        }
        return value;
    }

    private void remember(String key, String value) {
        boolean secret = (key.endsWith("password") || (key.endsWith(".uri") && value.contains("@"))) && !value.isEmpty();
        String env = environmentVariable(key);
        String source = environment.containsKey(env) ? "environment" : fileValues.containsKey(key) ? "file" : "default";
        settings.put(key, new Setting(key, secret ? "***" : value, env, source));
    }

    /** Every key read so far, sorted, secrets masked. */
    public java.util.List<Setting> settings() {
        return java.util.List.copyOf(settings.values());
    }

    private String raw(String key) {
        keysRead.add(key);
        String fromEnv = environment.get(environmentVariable(key));
        if (fromEnv != null) {
            return fromEnv;
        }
        return fileValues.get(key);
    }

    /** "mqtt.port (environment variable GANNET_MQTT_PORT)" or "... (in gannet.yml)". */
    public String describe(String key) {
        String env = environmentVariable(key);
        if (environment.containsKey(env)) {
            return key + " (environment variable " + env + ")";
        }
        if (fileValues.containsKey(key)) {
            return key + " (in " + fileName + ")";
        }
        return key + " (" + env + ")";
    }

    /** Call after every key has been read: a key in the file that nothing read is a typo or a stale key. */
    public void rejectUnknownKeys() {
        for (String key : fileValues.keySet()) {
            if (!keysRead.contains(key)) {
                throw new ConfigException("Unknown configuration key '" + key + "' in " + fileName
                        + "; the keys are listed in the README (Configuration)");
            }
        }
    }
}
