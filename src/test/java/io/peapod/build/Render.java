package io.peapod.build;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** A compact, exact text of parsed instructions for table-driven tests: one line per instruction. */
final class Render {
    private Render() {
    }

    static String dockerfile(Dockerfile df) {
        List<String> out = new ArrayList<>();
        if (df.escape() != '\\' || df.syntax() != null) {
            out.add("# escape=" + df.escape() + (df.syntax() != null ? " syntax=" + df.syntax() : ""));
        }
        df.globalArgs().forEach(a -> out.add(line(a)));
        for (Stage s : df.stages()) {
            out.add(line(s.from()));
            s.instructions().forEach(i -> out.add(line(i)));
        }
        return String.join("\n", out);
    }

    static String line(Instruction i) {
        return i.source().line() + " " + instruction(i);
    }

    static String instruction(Instruction i) {
        return switch (i) {
            case Instruction.From f -> "FROM " + q(f.image()) + (f.stageName() != null ? " AS " + q(f.stageName()) : "")
                    + (f.platform() != null ? " platform=" + q(f.platform()) : "");
            case Instruction.Run r -> "RUN " + cmd(r.command()) + mounts(r.mounts())
                    + (r.network() != null ? " network=" + r.network() : "")
                    + (r.security() != null ? " security=" + r.security() : "") + heredocs(r.heredocs());
            case Instruction.Cmd c -> "CMD " + cmd(c.command());
            case Instruction.Entrypoint e -> "ENTRYPOINT " + cmd(e.command());
            case Instruction.Shell s -> "SHELL " + q(s.shell());
            case Instruction.Copy c -> "COPY " + q(c.sources()) + " -> " + q(c.dest()) + opt("from", c.from())
                    + opt("chown", c.chown()) + opt("chmod", c.chmod()) + (c.link() ? " link" : "") + heredocs(c.heredocs());
            case Instruction.Add a -> "ADD " + q(a.sources()) + " -> " + q(a.dest()) + opt("chown", a.chown())
                    + opt("chmod", a.chmod()) + (a.link() ? " link" : "") + opt("checksum", a.checksum())
                    + (a.keepGitDir() ? " keep-git-dir" : "") + heredocs(a.heredocs());
            case Instruction.Env e -> "ENV " + pairs(e.pairs());
            case Instruction.Label l -> "LABEL " + pairs(l.pairs());
            case Instruction.Arg a -> "ARG " + a.args().stream()
                    .map(d -> q(d.name()) + (d.defaultValue() != null ? "=" + q(d.defaultValue()) : ""))
                    .collect(Collectors.joining(" "));
            case Instruction.Expose x -> "EXPOSE " + q(x.ports());
            case Instruction.Volume v -> "VOLUME " + q(v.paths());
            case Instruction.User u -> "USER " + q(u.user());
            case Instruction.Workdir w -> "WORKDIR " + q(w.path());
            case Instruction.StopSignal s -> "STOPSIGNAL " + q(s.signal());
            case Instruction.Maintainer m -> "MAINTAINER " + q(m.name());
            case Instruction.Healthcheck h -> "HEALTHCHECK " + q(h.test()) + opt("interval", h.interval())
                    + opt("timeout", h.timeout()) + opt("start-period", h.startPeriod())
                    + opt("start-interval", h.startInterval()) + opt("retries", h.retries());
            case Instruction.Onbuild o -> "ONBUILD " + q(o.trigger()) + " => " + instruction(o.instruction());
        };
    }

    private static String cmd(Command c) {
        return (c.execForm() ? "exec " : "shell ") + q(c.args());
    }

    private static String mounts(List<MountSpec> mounts) {
        return mounts.stream().map(m -> " mount(" + m.type() + opt("from", blankNull(m.from())) + opt("source", blankNull(m.source()))
                + opt("target", blankNull(m.target())) + (m.readOnly() ? " ro" : " rw") + opt("id", blankNull(m.id()))
                + opt("sharing", blankNull(m.sharing())) + opt("size", m.size()) + opt("mode", m.mode() == null ? null : Integer.toOctalString(m.mode()))
                + opt("uid", m.uid()) + opt("gid", m.gid()) + (m.required() ? " required" : "") + ")").collect(Collectors.joining());
    }

    private static String blankNull(String s) {
        return s.isEmpty() ? null : s;
    }

    private static String heredocs(List<Heredoc> docs) {
        return docs.stream().map(h -> " <<" + (h.fd() != 0 ? h.fd() + ":" : "") + h.name() + (h.expand() ? "" : " noexpand")
                + (h.chomp() ? " chomp" : "") + " " + q(h.content())).collect(Collectors.joining());
    }

    private static String opt(String name, Object v) {
        return v == null ? "" : " " + name + "=" + (v instanceof String s ? q(s) : v.toString());
    }

    private static String pairs(List<KeyValue> kvs) {
        return kvs.stream().map(kv -> q(kv.key()) + "=" + q(kv.value())).collect(Collectors.joining(" "));
    }

    static String q(List<String> l) {
        return l.stream().map(Render::q).collect(Collectors.joining(", ", "[", "]"));
    }

    static String q(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\t", "\\t") + "\"";
    }
}
