package dev.gannet.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Command-line options of the form {@code --name value} or {@code --name=value}; a flag given
 * without a value (followed by another option or nothing) reads as {@code true}. Every name must
 * be one the caller knows, so a typo stops the run instead of silently using a default.
 */
public final class Options {

    private final Map<String, String> values;

    private Options(Map<String, String> values) {
        this.values = values;
    }

    /**
     * @param known option names (without {@code --}) the caller accepts
     * @throws IllegalArgumentException on an unknown option, a stray argument or a repeated option
     */
    public static Options parse(String[] args, Set<String> known) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException("Unexpected argument '" + arg + "': options are --name value");
            }
            String name;
            String value;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(2, eq);
                value = arg.substring(eq + 1);
            } else {
                name = arg.substring(2);
                boolean hasValue = i + 1 < args.length && !args[i + 1].startsWith("--");
                value = hasValue ? args[++i] : "true";
            }
            if (!known.contains(name)) {
                throw new IllegalArgumentException("Unknown option --" + name + "; known: --" + String.join(", --", new TreeSet<>(known)));
            }
            if (values.put(name, value) != null) {
                throw new IllegalArgumentException("Option --" + name + " given twice");
            }
        }
        return new Options(values);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String text(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public List<String> list(String name, String fallback) {
        List<String> items = new ArrayList<>();
        for (String item : text(name, fallback).split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }

    public int integer(String name, int fallback, int min, int max) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        long parsed = parseCount(name, value);
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException("--" + name + " must be from " + min + " to " + max + ", not " + value);
        }
        return (int) parsed;
    }

    /** A rate in messages a second; {@code unlimited} (or 0) reads as 0, meaning as fast as the window allows. */
    public double rate(String name, double fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        if (value.equalsIgnoreCase("unlimited") || value.equalsIgnoreCase("max")) {
            return 0;
        }
        try {
            double parsed = Double.parseDouble(value.replace("_", ""));
            if (parsed < 0 || Double.isNaN(parsed) || Double.isInfinite(parsed)) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a rate in messages a second or 'unlimited', not " + value);
        }
    }

    public double decimal(String name, double fallback, double min, double max) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            double parsed = Double.parseDouble(value);
            if (parsed < min || parsed > max) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number from " + min + " to " + max + ", not " + value);
        }
    }

    public boolean flag(String name) {
        String value = values.get(name);
        if (value == null) {
            return false;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("--" + name + " is a flag (true or false), not " + value);
        };
    }

    public Duration duration(String name, Duration fallback) {
        String value = values.get(name);
        return value == null ? fallback : parseDuration(name, value);
    }

    /** {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}, or a plain number of seconds. */
    static Duration parseDuration(String name, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            }
            if (v.endsWith("m")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
            }
            if (v.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a duration such as 30s, 500ms or 2m, not " + value);
        }
    }

    /** A count with an optional {@code k} or {@code m} suffix and {@code _} separators: 100k, 1_000_000. */
    static long parseCount(String name, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT).replace("_", "");
        long factor = 1;
        if (v.endsWith("k")) {
            factor = 1_000;
            v = v.substring(0, v.length() - 1);
        } else if (v.endsWith("m")) {
            factor = 1_000_000;
            v = v.substring(0, v.length() - 1);
        }
        try {
            return Math.multiplyExact(Long.parseLong(v), factor);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number (100, 10k, 1m), not " + value);
        }
    }
}
