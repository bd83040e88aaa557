package dev.gannet.broker.management;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import io.javalin.http.Context;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Reading what a request carries, with a 400 that names the field for anything malformed. */
final class Requests {

    static final int MAX_PAGE_SIZE = 1_000;

    private Requests() {
    }

    /** Page number and size from {@code page} (from 0) and {@code size} (1 to 1000, default 50). */
    record Paging(int page, int size) {
    }

    static Paging paging(Context ctx) {
        return new Paging(intParam(ctx, "page", 0, 0, Integer.MAX_VALUE), intParam(ctx, "size", 50, 1, MAX_PAGE_SIZE));
    }

    static int intParam(Context ctx, String name, int defaultValue, int min, int max) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiProblem.badRequest(name, "query parameter " + name + " must be an integer from " + min + " to " + max
                + ", not '" + text + "'");
    }

    static Boolean boolParam(Context ctx, String name) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return null;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw ApiProblem.badRequest(name, "query parameter " + name + " must be true or false, not '" + text + "'");
        };
    }

    static <E extends Enum<E>> E enumParam(Context ctx, String name, Class<E> type) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(name, "query parameter " + name + " must be one of " + names(type) + ", not '" + text + "'");
        }
    }

    static String textParam(Context ctx, String name) {
        String text = ctx.queryParam(name);
        return text == null || text.isBlank() ? null : text;
    }

    static String requiredParam(Context ctx, String name) {
        String text = ctx.queryParam(name);
        if (text == null || text.isEmpty()) {
            throw ApiProblem.badRequest(name, "query parameter " + name + " is required");
        }
        return text;
    }

    /** The JSON body as {@code type}; a malformed body or a wrong field type is a 400 naming the field. */
    static <T> T body(Context ctx, ObjectMapper json, Class<T> type) {
        String text = ctx.body();
        if (text.isBlank()) {
            throw ApiProblem.badRequest("body", "a JSON body is required");
        }
        try {
            T value = json.readValue(text, type);
            if (value == null) {
                throw ApiProblem.badRequest("body", "a JSON object is required, not null");
            }
            return value;
        } catch (InvalidFormatException e) {
            String expected = e.getTargetType() != null && e.getTargetType().isEnum()
                    ? "one of " + names(e.getTargetType()) : "a " + (e.getTargetType() == null ? "value" : e.getTargetType().getSimpleName());
            throw ApiProblem.badRequest(fieldOf(e), fieldOf(e) + ": expected " + expected + ", not " + e.getValue());
        } catch (JsonMappingException e) {
            String field = fieldOf(e);
            throw ApiProblem.badRequest(field, (field.equals("body") ? "" : field + ": ") + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest("body", "the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static String fieldOf(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return path.isEmpty() ? "body" : path;
    }

    private static String names(Class<?> type) {
        return Arrays.stream(type.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", "));
    }

    /** Case-insensitive "contains"; a null part matches everything. */
    static boolean contains(String value, String part) {
        return part == null || (value != null && value.toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT)));
    }

    static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
