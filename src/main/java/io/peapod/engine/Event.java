package io.peapod.engine;

import java.util.Map;
import java.util.TreeMap;

/**
 * One entry of the events log, with podman's field names (libpod/events.Event): what {@code events
 * --format} templates see. {@link #toJson()} is both the line stored in the log and what
 * {@code events --format json} prints, as podman marshals the same struct for both.
 *
 * @param ContainerExitCode a container's exit code, on "died" events only (0 is left out of the JSON)
 * @param ID                the container or image id; "" when the event has none (pull, loadfromarchive)
 * @param Image             a container's image name; "" for image events
 * @param Name              the container's name, or the image name / archive path the event is about
 * @param Attributes        a container's labels; null for image events (podman's JSON says null there)
 * @param Network           the network of a network event (connect, disconnect), else ""
 */
public record Event(int ContainerExitCode, String ID, String Image, String Name, String Status, Timestamp Time,
                    String Type, Map<String, String> Attributes, String Network) {
    public static final String CONTAINER = "container", IMAGE = "image", NETWORK = "network";

    /** An event about no network. */
    public Event(int ContainerExitCode, String ID, String Image, String Name, String Status, Timestamp Time,
                 String Type, Map<String, String> Attributes) {
        this(ContainerExitCode, ID, Image, Name, Status, Time, Type, Attributes, "");
    }

    /** podman's {@code Event.ToHumanReadable}: the default line of {@code podman events}. */
    public String humanReadable(boolean truncate) {
        String id = truncate && ID.length() > 12 ? ID.substring(0, 12) : ID;
        StringBuilder b = new StringBuilder(160).append(Time).append(' ').append(Type).append(' ').append(Status)
                .append(' ').append(id);
        if (Type.equals(CONTAINER)) {
            b.append(" (image=").append(Image).append(", name=").append(Name);
            if (Attributes != null) {
                // Go ranges over a map in random order; sorted is one of its orders, and a stable one.
                new TreeMap<>(Attributes).forEach((k, v) -> b.append(", ").append(k).append('=').append(v));
            }
            return b.append(')').toString();
        }
        if (Type.equals(NETWORK)) {
            return b.append(" (container=").append(id).append(", name=").append(Network).append(')').toString();
        }
        return b.append(' ').append(Name).toString();
    }

    /** The event as Go's encoding/json writes podman's struct: fixed field order, empty strings omitted. */
    public String toJson() {
        StringBuilder b = new StringBuilder(256).append('{');
        if (ContainerExitCode != 0) {
            b.append("\"ContainerExitCode\":").append(ContainerExitCode).append(',');
        }
        field(b, "ID", ID);
        field(b, "Image", Image);
        field(b, "Name", Name);
        field(b, "network", Network);   // podman's json tag is lower case
        b.append("\"Status\":");
        quote(b, Status);
        b.append(",\"Time\":\"").append(Time.rfc3339Nano()).append("\",\"Type\":");
        quote(b, Type);
        b.append(",\"Attributes\":");
        if (Attributes == null) {
            b.append("null");
        } else {
            b.append('{');
            boolean first = true;
            for (Map.Entry<String, String> e : new TreeMap<>(Attributes).entrySet()) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                quote(b, e.getKey());
                b.append(':');
                quote(b, e.getValue());
            }
            b.append('}');
        }
        return b.append('}').toString();
    }

    private static void field(StringBuilder b, String name, String value) {
        if (value != null && !value.isEmpty()) {
            b.append('"').append(name).append("\":");
            quote(b, value);
            b.append(',');
        }
    }

    private static void quote(StringBuilder b, String s) {
        io.peapod.json.JsonWriter.appendGoString(b, s);
    }
}
