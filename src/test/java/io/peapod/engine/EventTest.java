package io.peapod.engine;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The event line as podman 4.3.1 writes and prints it (checked against its events.log). */
class EventTest {
    private static final String ID = "b60ed35b0d1a2cfdb4dd9409f5179b87fbd12b0ef85ca961d1c93b8a674cb36f";
    private static final Timestamp TIME = new Timestamp(1_795_447_441_880_336_060L);

    @Test
    void containerEventsCarryImageNameLabelsAndANonZeroExitCode() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("x", "y");
        labels.put("a", "b");
        Event died = new Event(137, ID, "localhost/busybox:latest", "d1", "died", TIME, Event.CONTAINER, labels);
        assertThat(died.toJson()).isEqualTo("{\"ContainerExitCode\":137,\"ID\":\"" + ID
                + "\",\"Image\":\"localhost/busybox:latest\",\"Name\":\"d1\",\"Status\":\"died\","
                + "\"Time\":\"2026-11-23T15:24:01.88033606Z\",\"Type\":\"container\",\"Attributes\":{\"a\":\"b\",\"x\":\"y\"}}");
        assertThat(died.humanReadable(false)).isEqualTo("2026-11-23 15:24:01.88033606 +0000 UTC container died " + ID
                + " (image=localhost/busybox:latest, name=d1, a=b, x=y)");
        assertThat(died.humanReadable(true)).contains(" died b60ed35b0d1a (image=");

        Event created = new Event(0, ID, "localhost/busybox:latest", "d1", "create", TIME, Event.CONTAINER, Map.of());
        assertThat(created.toJson()).startsWith("{\"ID\":").endsWith("\"Type\":\"container\",\"Attributes\":{}}");
    }

    @Test
    void networkEventsNameTheNetworkInLowerCaseAndNoImage() {
        Event connect = new Event(0, ID, "", "ev1", "connect", TIME, Event.NETWORK, null, "evA");
        assertThat(connect.toJson()).isEqualTo("{\"ID\":\"" + ID + "\",\"Name\":\"ev1\",\"network\":\"evA\","
                + "\"Status\":\"connect\",\"Time\":\"2026-11-23T15:24:01.88033606Z\",\"Type\":\"network\",\"Attributes\":null}");
        assertThat(connect.humanReadable(false)).isEqualTo("2026-11-23 15:24:01.88033606 +0000 UTC network connect " + ID
                + " (container=" + ID + ", name=evA)");
        assertThat(new Event(0, ID, "", "ev1", "pull", TIME, Event.IMAGE, null).Network()).isEmpty();
    }

    @Test
    void imageEventsLeaveOutWhatTheyLackAndHaveNullAttributes() {
        Event pull = new Event(0, "", "", "localhost/busybox", "pull", TIME, Event.IMAGE, null);
        assertThat(pull.toJson()).isEqualTo("{\"Name\":\"localhost/busybox\",\"Status\":\"pull\","
                + "\"Time\":\"2026-11-23T15:24:01.88033606Z\",\"Type\":\"image\",\"Attributes\":null}");
        assertThat(pull.humanReadable(true)).isEqualTo("2026-11-23 15:24:01.88033606 +0000 UTC image pull  localhost/busybox");
    }

    @Test
    void stringsAreEscapedAsGoDoes() {
        Event e = new Event(0, "", "", "a\"b\\c<d>&\n\u0001", "tag", TIME, Event.IMAGE, null);
        assertThat(e.toJson()).contains("\"Name\":\"a\\\"b\\\\c\\u003cd\\u003e\\u0026\\n\\u0001\"");
    }
}
