package io.peapod.registry;

import io.peapod.json.JsonReader;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A registry's error answer as containers/image words it: the distribution spec's
 * {@code {"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}} becomes
 * {@code manifest unknown: manifest unknown}; anything else
 * {@code received unexpected HTTP status: 500 Internal Server Error}.
 */
final class ErrorResponses {
    private ErrorResponses() {}

    static RegistryException toException(int status, byte[] body) {
        return new RegistryException(kind(status), describe(status, body));
    }

    /**
     * containers/image's httpResponseToError, for the listings (tags, catalog): the status line
     * rather than the body, {@code CONTEXT: invalid status code from registry 404 (Not Found)};
     * 401 as {@code unable to retrieve auth token: invalid username/password: ...}.
     */
    static RegistryException statusError(int status, byte[] body, String context) {
        if (status == 429) {
            return new RegistryException(kind(status), "too many requests to registry");
        }
        if (status == 401) {
            return new RegistryException(kind(status), "unable to retrieve auth token: invalid username/password: "
                    + describe(status, body));
        }
        return new RegistryException(kind(status), (context.isEmpty() ? "" : context + ": ")
                + "invalid status code from registry " + status + " (" + reason(status) + ")");
    }

    static RegistryException.Kind kind(int status) {
        if (status == 401) return RegistryException.Kind.UNAUTHORIZED;
        if (status == 404) return RegistryException.Kind.NOT_FOUND;
        if (status >= 500 || status == 429) return RegistryException.Kind.TRANSPORT;
        return RegistryException.Kind.REFUSED;
    }

    static String describe(int status, byte[] body) {
        List<String> parts = new ArrayList<>();
        if (body != null && body.length > 0 && body.length < 1 << 20) {
            try {
                if (JsonReader.parse(body) instanceof Map<?, ?> doc && doc.get("errors") instanceof List<?> errors) {
                    for (Object o : errors) {
                        if (o instanceof Map<?, ?> e && e.get("code") instanceof String code) {
                            String text = code.toLowerCase(Locale.ROOT).replace('_', ' ');
                            Object message = e.get("message");
                            parts.add(message instanceof String m && !m.isEmpty() ? text + ": " + m : text);
                        }
                    }
                }
            } catch (IllegalArgumentException notJson) {
                // fall through to the status line
            }
        }
        if (parts.isEmpty()) {
            if (status == 401) {
                return "unauthorized: authentication required";
            }
            if (status == 404 && body != null && body.length > 0 && body.length < 200) {
                return "StatusCode: 404, " + new String(body, StandardCharsets.UTF_8).strip();
            }
            return "received unexpected HTTP status: " + status + " " + reason(status);
        }
        return String.join("; ", parts);
    }

    /** Go's http.StatusText for the codes a registry answers with. */
    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 206 -> "Partial Content";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Request Entity Too Large";
            case 416 -> "Requested Range Not Satisfiable";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "";
        };
    }
}
