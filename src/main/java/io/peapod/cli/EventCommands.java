package io.peapod.cli;

import io.peapod.cli.flags.FlagSet;
import io.peapod.engine.EngineException;
import io.peapod.engine.Event;
import io.peapod.engine.EventEngine.EventOptions;
import io.peapod.gotemplate.Formats;
import io.peapod.gotemplate.Template;
import io.peapod.gotemplate.TemplateException;

import java.util.function.Consumer;

/** {@code events}: the events log, printed as podman prints it (a line of text, JSON, or a template per event). */
final class EventCommands {
    private EventCommands() {}

    static FlagSet flags() {
        return new FlagSet()
                .stringArray("filter", 'f', "filter output")
                .string("format", '\0', "", "format the output using a Go template")
                .bool("no-trunc", '\0', true, "do not truncate the output")
                .string("since", '\0', "", "show all events created since timestamp")
                .bool("stream", '\0', true, "stream new events; for testing only").hidden("stream")
                .string("until", '\0', "", "show all events until timestamp");
    }

    static int events(Invocation inv) {
        Args.none(inv.args, inv.commandPath);
        String format = inv.flags.string("format");
        boolean truncate = !inv.flags.bool("no-trunc");
        Consumer<Event> print;
        // podman marshals the event for both: its JSON tags, omitted empties, RFC 3339 time.
        if (Output.isJson(format) || format.replace(" ", "").equals("{{json.}}")) {
            print = e -> inv.out.println(e.toJson());
        } else if (!format.isEmpty()) {
            Template t = parse(format);
            print = e -> {
                try {
                    inv.out.print(t.render(e));
                } catch (TemplateException ex) {
                    throw new EngineException(ex.getMessage());
                }
            };
        } else {
            print = e -> inv.out.println(e.humanReadable(truncate));
        }
        boolean stream = inv.flags.bool("stream");
        inv.events().events(new EventOptions(inv.flags.list("filter"), inv.flags.string("since"),
                inv.flags.string("until"), stream), e -> {
            print.accept(e);
            if (stream) {
                inv.out.flush();   // a follower sees each event as it happens
            }
        });
        return 0;
    }

    private static Template parse(String format) {
        try {
            return Template.parse("events", Formats.normalize(format));
        } catch (TemplateException e) {
            throw new EngineException(e.getMessage());
        }
    }
}
