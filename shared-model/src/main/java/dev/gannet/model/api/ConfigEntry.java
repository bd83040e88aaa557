package dev.gannet.model.api;

/**
 * One configuration key as the broker runs with it: secrets show as "***".
 *
 * @param source "default", "file" or "environment"
 */
public record ConfigEntry(String key, String value, String environmentVariable, String source) {
}
