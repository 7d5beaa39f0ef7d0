package io.peapod.build;

import java.time.Duration;
import java.util.List;

/**
 * One parsed instruction. As the parser returns them, arguments are as written (quotes, escapes and
 * {@code $VAR} still in them); {@link StageScope#expand} returns the same record with them expanded for the
 * instructions the builder expands (ADD COPY ENV EXPOSE LABEL STOPSIGNAL USER VOLUME WORKDIR, ARG's
 * defaults, RUN's mount options). RUN, CMD, ENTRYPOINT, SHELL, HEALTHCHECK, MAINTAINER and ONBUILD are never
 * expanded by the builder. {@code source()} says where it was written.
 */
public sealed interface Instruction {
    Source source();

    /** The instruction's name in upper case, as podman's history and errors name it. */
    default String keyword() {
        return getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT);
    }

    /** {@code FROM [--platform=P] IMAGE [AS NAME]}: {@code stageName} lower-cased, null without AS. */
    record From(Source source, String image, String stageName, String platform) implements Instruction {
    }

    /**
     * {@code RUN}: {@code mountOptions} the raw {@code --mount} values, {@code mounts} them parsed;
     * {@code network} and {@code security} null when not given; {@code heredocs} the bodies of its
     * {@code <<EOF} words in order.
     */
    record Run(Source source, Command command, List<String> mountOptions, List<MountSpec> mounts, String network,
               String security, List<Heredoc> heredocs) implements Instruction {
        public Run {
            mountOptions = List.copyOf(mountOptions);
            mounts = List.copyOf(mounts);
            heredocs = List.copyOf(heredocs);
        }

        /**
         * The shell-form script with its heredocs applied as BuildKit does: a command that is a heredoc alone
         * runs the heredoc's body; otherwise each body and its delimiter are appended for the shell to read.
         * (A body starting with {@code #!} is meant to be run as a file: see {@link #shebangScript()}.)
         */
        public String script() {
            if (command.execForm() || command.args().isEmpty()) {
                return null;
            }
            String cmd = command.args().getFirst();
            if (heredocs.isEmpty()) {
                return cmd;
            }
            if (heredocs.size() == 1 && Heredoc.opening(cmd.strip()) != null) {
                return heredocs.getFirst().content();
            }
            StringBuilder full = new StringBuilder(cmd);
            for (Heredoc h : heredocs) {
                full.append('\n').append(h.content()).append(h.name());
            }
            return full.toString();
        }

        /** True when the command is one heredoc whose body starts with {@code #!}: BuildKit runs it as a file. */
        public boolean shebangScript() {
            return !command.execForm() && heredocs.size() == 1 && !command.args().isEmpty()
                    && Heredoc.opening(command.args().getFirst().strip()) != null
                    && heredocs.getFirst().content().startsWith("#!");
        }
    }

    record Cmd(Source source, Command command) implements Instruction {
    }

    record Entrypoint(Source source, Command command) implements Instruction {
    }

    /** {@code SHELL ["executable", "parameters"]} (JSON form only). */
    record Shell(Source source, List<String> shell) implements Instruction {
        public Shell {
            shell = List.copyOf(shell);
        }
    }

    /**
     * {@code COPY}: {@code sources} the paths (heredoc sources are in {@code heredocs} instead, written as
     * files named after their delimiter), {@code from} a stage name, index or image (null when not given),
     * {@code chown}/{@code chmod} null when not given.
     */
    record Copy(Source source, List<String> sources, List<Heredoc> heredocs, String dest, String from, String chown,
                String chmod, boolean link) implements Instruction {
        public Copy {
            sources = List.copyOf(sources);
            heredocs = List.copyOf(heredocs);
        }
    }

    /** {@code ADD}: as COPY, without {@code --from}, with {@code --checksum} and {@code --keep-git-dir}. */
    record Add(Source source, List<String> sources, List<Heredoc> heredocs, String dest, String chown, String chmod,
               boolean link, String checksum, boolean keepGitDir) implements Instruction {
        public Add {
            sources = List.copyOf(sources);
            heredocs = List.copyOf(heredocs);
        }
    }

    /** {@code ENV k=v ...} or the legacy {@code ENV k v} (one pair, the value the rest of the line). */
    record Env(Source source, List<KeyValue> pairs) implements Instruction {
        public Env {
            pairs = List.copyOf(pairs);
        }
    }

    record Label(Source source, List<KeyValue> pairs) implements Instruction {
        public Label {
            pairs = List.copyOf(pairs);
        }
    }

    /** {@code ARG name[=default] ...}; expanded, a default is the value the scope gave the name. */
    record Arg(Source source, List<ArgDecl> args) implements Instruction {
        public Arg {
            args = List.copyOf(args);
        }
    }

    record Expose(Source source, List<String> ports) implements Instruction {
        public Expose {
            ports = List.copyOf(ports);
        }
    }

    record Volume(Source source, List<String> paths) implements Instruction {
        public Volume {
            paths = List.copyOf(paths);
        }
    }

    record User(Source source, String user) implements Instruction {
    }

    record Workdir(Source source, String path) implements Instruction {
    }

    record StopSignal(Source source, String signal) implements Instruction {
        @Override
        public String keyword() {
            return "STOPSIGNAL";
        }
    }

    record Maintainer(Source source, String name) implements Instruction {
    }

    /**
     * {@code HEALTHCHECK [--interval=D] [--timeout=D] [--start-period=D] [--start-interval=D] [--retries=N] CMD
     * command}, or {@code HEALTHCHECK NONE} ({@code command} null). Options not given are null (inherited).
     */
    record Healthcheck(Source source, Command command, Duration interval, Duration timeout, Duration startPeriod,
                       Duration startInterval, Integer retries) implements Instruction {
        /** The image config's {@code Healthcheck.Test}: {@code ["NONE"]}, {@code ["CMD", ...]} or {@code ["CMD-SHELL", text]}. */
        public List<String> test() {
            if (command == null) {
                return List.of("NONE");
            }
            List<String> out = new java.util.ArrayList<>();
            out.add(command.execForm() ? "CMD" : "CMD-SHELL");
            out.addAll(command.args());
            return out;
        }
    }

    /** {@code ONBUILD INSTRUCTION}: {@code trigger} the text stored in the image, {@code instruction} it parsed. */
    record Onbuild(Source source, String trigger, Instruction instruction) implements Instruction {
    }
}
