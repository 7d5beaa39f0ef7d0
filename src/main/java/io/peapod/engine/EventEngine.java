package io.peapod.engine;

import java.util.List;
import java.util.function.Consumer;

/** The events log (podman's {@code events}). */
public interface EventEngine {
    /**
     * Hands {@code sink} the logged events that pass the options, oldest first. With {@code stream} it
     * then follows the log, handing over new events as they are written, until {@code until} passes
     * (or forever without one).
     *
     * @throws EngineException for a filter or time podman would refuse
     */
    void events(EventOptions options, Consumer<Event> sink);

    /**
     * @param filters "key=value" as given to {@code --filter}: container, event (or status), image, label, type
     * @param since   "" or a time as podman accepts it; a duration counts back from now
     * @param until   likewise; a duration counts forward from now
     */
    record EventOptions(List<String> filters, String since, String until, boolean stream) {}
}
