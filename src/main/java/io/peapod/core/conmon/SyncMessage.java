package io.peapod.core.conmon;

import io.peapod.image.ImageException;
import io.peapod.image.Json;

import java.util.Map;

/**
 * One message conmon writes on the sync pipe: {@code {"data": N, "message": "..."}} (API version 1).
 * For a create, N is the container's pid, or negative with the runtime's error in {@code message}.
 */
record SyncMessage(int data, String message) {
    static SyncMessage parse(String json) {
        Map<String, Object> m;
        try {
            m = Json.object(json, "sync message");
        } catch (ImageException e) {
            throw new ConmonException("conmon sent " + quote(json) + ": " + e.getMessage(), e);
        }
        if (m == null || !(m.get("data") instanceof Number n)) {
            throw new ConmonException("conmon sent " + quote(json) + ": no \"data\" number");
        }
        return new SyncMessage(n.intValue(), m.get("message") instanceof String s ? s : "");
    }

    boolean failed() {
        return data < 0;
    }

    private static String quote(String s) {
        return "\"" + s.strip() + "\"";
    }
}
