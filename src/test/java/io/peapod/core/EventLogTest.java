package io.peapod.core;

import io.peapod.engine.EngineException;
import io.peapod.engine.Event;
import io.peapod.engine.EventEngine.EventOptions;
import io.peapod.engine.Timestamp;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** podman's event filters: alternatives within a key, all keys must match, exclusive time bounds. */
class EventLogTest {
    private static final long T = 1_795_447_441_000_000_000L;
    private static final Event CREATE = new Event(0, "abc123", "localhost/busybox:latest", "web", "create",
            new Timestamp(T), Event.CONTAINER, Map.of("team", "blue"));
    private static final Event TAG = new Event(0, "def456", "", "localhost/busybox:latest", "tag",
            new Timestamp(T + 2_000_000_000L), Event.IMAGE, null);

    private static Predicate<Event> filter(List<String> filters, String since, String until) {
        return EventLog.filter(new EventOptions(filters, since, until, false), T + 10_000_000_000L);
    }

    @Test
    void filtersOfOneKeyAreAlternativesAndKeysCombine() {
        assertThat(filter(List.of("event=create", "event=tag"), "", "").test(TAG)).isTrue();
        assertThat(filter(List.of("event=create", "type=image"), "", "").test(CREATE)).isFalse();
        assertThat(filter(List.of("container=web"), "", "").test(CREATE)).isTrue();
        assertThat(filter(List.of("container=abc"), "", "").test(CREATE)).as("an id prefix").isTrue();
        assertThat(filter(List.of("container=web"), "", "").test(TAG)).as("only container events").isFalse();
        assertThat(filter(List.of("image=def4"), "", "").test(TAG)).isTrue();
        assertThat(filter(List.of("status=tag"), "", "").test(TAG)).isTrue();
        assertThat(filter(List.of("label=team=blue"), "", "").test(CREATE)).isTrue();
        assertThat(filter(List.of("label=team"), "", "").test(CREATE)).as("a label filter needs a value").isFalse();
    }

    @Test
    void sinceAndUntilAreExclusive() {
        assertThat(filter(List.of(), String.valueOf(T / 1_000_000_000L), "").test(CREATE)).isFalse();
        assertThat(filter(List.of(), String.valueOf(T / 1_000_000_000L), "").test(TAG)).isTrue();
        assertThat(filter(List.of(), "", String.valueOf(T / 1_000_000_000L + 1)).test(CREATE)).isTrue();
        assertThat(filter(List.of(), "", String.valueOf(T / 1_000_000_000L + 1)).test(TAG)).isFalse();
        assertThat(filter(List.of(), "9s", "").test(TAG)).as("a duration counts back from now").isTrue();
        assertThat(filter(List.of(), "7s", "").test(TAG)).isFalse();
    }

    @Test
    void badFiltersAndTimesGetPodmansErrors() {
        assertThatThrownBy(() -> filter(List.of("colour=red"), "", ""))
                .isInstanceOf(EngineException.class).hasMessage("failed to parse event filters: colour is an invalid filter");
        assertThatThrownBy(() -> filter(List.of("event"), "", ""))
                .hasMessage("failed to parse event filters: event is an invalid filter");
        assertThatThrownBy(() -> filter(List.of(), "soon", ""))
                .hasMessage("failed to parse event filters: unable to interpret time value");
    }

    @Test
    void aLogLineReadsBackAsTheEventWritten() {
        Event back = EventLog.parse(CREATE.toJson());
        assertThat(back.toJson()).isEqualTo(CREATE.toJson());
        assertThat(EventLog.parse(TAG.toJson()).Attributes()).isNull();
        Event connect = new Event(0, CREATE.ID(), "", "c1", "connect", CREATE.Time(), Event.NETWORK, null, "net1");
        assertThat(EventLog.parse(connect.toJson()).toJson()).isEqualTo(connect.toJson());
        assertThat(EventLog.parse(connect.toJson()).Network()).isEqualTo("net1");
    }
}
