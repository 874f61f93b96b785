package dev.vmlab.cli.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON for {@code --format json}: one object per line, keys in insertion order, 64-bit
 * addresses and register values as {@code "0x..."} strings (JSON numbers lose precision past
 * 2^53), counts as numbers.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /** An ordered object under construction. */
    public static Map<String, Object> object() {
        return new LinkedHashMap<>();
    }

    public static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    /** A 64-bit value as a fixed-width hex string, for registers and PTEs. */
    public static String hex64(long v) {
        return String.format("0x%016x", v);
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not representable as JSON: " + e.getMessage(), e);
        }
    }
}
