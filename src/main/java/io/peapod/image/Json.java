package io.peapod.image;

import java.util.List;
import java.util.Map;

/**
 * Parsing and writing of the JSON documents peapod reads and stores (image configs and manifests,
 * container settings, OCI specs, conmon's messages), with {@link JsonReader} and {@link JsonWriter}.
 */
public final class Json {
    private Json() {}

    /** Runs the JSON library's one-time initialisation (class loading, tables) now rather than on first real use. */
    public static void warmUp() {
        object("{\"a\":[1,\"b\",true,null,{}]}".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "warm-up");
    }

    /** The JSON object in {@code data}; {@code what} names the document in the error for bad input. */
    public static Map<String, Object> object(byte[] data, String what) {
        Object v = parse(data, what);
        if (v instanceof Map<?, ?>) {
            return map(v);
        }
        throw new ImageException("parsing " + what + ": not a JSON object", null);
    }

    public static Map<String, Object> object(String text, String what) {
        return object(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), what);
    }

    public static List<Object> array(byte[] data, String what) {
        Object v = parse(data, what);
        if (v instanceof List<?>) {
            return list(v);
        }
        throw new ImageException("parsing " + what + ": not a JSON array", null);
    }

    private static Object parse(byte[] data, String what) {
        try {
            return JsonReader.parse(data);
        } catch (IllegalArgumentException e) {
            throw new ImageException("parsing " + what + ": " + e.getMessage(), e);
        }
    }

    /** Compact JSON. */
    public static byte[] bytes(Object value) {
        return JsonWriter.write(value, false);
    }

    /** JSON indented by two spaces, for files people read. */
    public static byte[] pretty(Object value) {
        return JsonWriter.write(value, true);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object o) {
        return o instanceof List<?> l ? (List<Object>) l : List.of();
    }

    public static String string(Object o) {
        return o == null ? null : o.toString();
    }
}
