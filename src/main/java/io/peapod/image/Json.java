package io.peapod.image;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Parsing and compact writing of the JSON documents images are made of. */
public final class Json {
    private Json() {}

    /** Runs the JSON library's one-time initialisation (class loading, tables) now rather than on first real use. */
    public static void warmUp() {
        object("{\"a\":[1,\"b\",true,null,{}]}".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "warm-up");
    }

    public static Map<String, Object> object(byte[] data, String what) {
        try {
            return JSON.std.mapFrom(data);
        } catch (IOException | RuntimeException e) {
            throw new ImageException("parsing " + what + ": " + e.getMessage(), e);
        }
    }

    public static List<Object> array(byte[] data, String what) {
        try {
            return JSON.std.listFrom(data);
        } catch (IOException | RuntimeException e) {
            throw new ImageException("parsing " + what + ": " + e.getMessage(), e);
        }
    }

    public static byte[] bytes(Object value) {
        try {
            return JSON.std.asBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
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
