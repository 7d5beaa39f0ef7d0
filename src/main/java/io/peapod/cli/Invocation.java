package io.peapod.cli;

import io.peapod.cli.flags.ParsedFlags;
import io.peapod.core.LocalEngine;
import io.peapod.engine.EngineOptions;
import io.peapod.engine.ImageEngine;
import io.peapod.engine.SystemEngine;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * One run of a command: its parsed flags and arguments, the standard streams, and the engine,
 * created on first use.
 */
final class Invocation implements AutoCloseable {
    final ParsedFlags flags;
    final List<String> args;
    final String commandPath;
    final PrintStream out;
    final PrintStream err;
    final InputStream in;
    private final EngineOptions engineOptions;
    /** The command line after the program name, as typed (pod inspect's CreateCommand shows it). */
    List<String> argv = List.of();
    private LocalEngine engine;

    Invocation(ParsedFlags flags, String commandPath, EngineOptions engineOptions, PrintStream out, PrintStream err,
               InputStream in) {
        this.flags = flags;
        this.args = flags.positional();
        this.commandPath = commandPath;
        this.engineOptions = engineOptions;
        this.out = out;
        this.err = err;
        this.in = in;
    }

    private LocalEngine engine() {
        if (engine == null) {
            engine = new LocalEngine(engineOptions);
        }
        return engine;
    }

    /** Starts opening the store in the background: for commands that will need it. */
    void prepareEngine() {
        engine().openInBackground();
    }

    ImageEngine images() {
        return engine();
    }

    io.peapod.engine.ContainerEngine containers() {
        return engine();
    }

    io.peapod.engine.VolumeEngine volumes() {
        return engine();
    }

    io.peapod.engine.NetworkEngine networks() {
        return engine();
    }

    io.peapod.engine.PodEngine pods() {
        return engine();
    }

    io.peapod.engine.EventEngine events() {
        return engine();
    }

    SystemEngine system() {
        return engine();
    }

    io.peapod.engine.BuildEngine builds() {
        return engine().builds();
    }

    io.peapod.engine.FilesEngine files() {
        return engine().files();
    }

    io.peapod.engine.ManifestEngine manifests() {
        return engine();
    }

    io.peapod.engine.RegistryEngine registries() {
        return engine();
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
        }
    }
}
