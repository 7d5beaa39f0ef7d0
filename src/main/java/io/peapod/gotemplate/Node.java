package io.peapod.gotemplate;

import java.util.List;

/**
 * The parse tree. Mirrors Go's text/template/parse node kinds, collapsed where Java records make
 * separate kinds unnecessary (all literals are one {@link Const}; if/with/range are one {@link Branch}).
 * {@code pos} is a char offset into the template source, used for Go-style "name:line:col" errors.
 */
sealed interface Node {
    int pos();

    /** Literal text between actions. */
    record Text(int pos, String text) implements Node {}

    /** {@code {{pipeline}}}: prints the value unless the pipeline declares variables. */
    record Action(int pos, Pipe pipe) implements Node {}

    enum Kind { IF, WITH, RANGE }

    /** {@code if}/{@code with}/{@code range}; elseList is null when there is no else branch. */
    record Branch(int pos, Kind kind, Pipe pipe, List<Node> list, List<Node> elseList) implements Node {}

    /** {@code {{template "name" pipeline}}}; pipe may be null. */
    record Call(int pos, String name, Pipe pipe) implements Node {}

    record Break(int pos) implements Node {}

    record Continue(int pos) implements Node {}

    /** Operands: the things that appear as command arguments. */
    sealed interface Expr extends Node {}

    /** A pipeline: optional declarations, then commands joined by '|'. Also used for "(...)". */
    record Pipe(int pos, List<String> decl, boolean isAssign, List<Cmd> cmds) implements Expr {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            if (!decl.isEmpty()) {
                sb.append(String.join(", ", decl)).append(isAssign ? " = " : " := ");
            }
            for (int i = 0; i < cmds.size(); i++) {
                if (i > 0) sb.append(" | ");
                sb.append(cmds.get(i));
            }
            return sb.toString();
        }
    }

    record Cmd(int pos, List<Expr> args) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < args.size(); i++) {
                if (i > 0) sb.append(' ');
                Expr a = args.get(i);
                sb.append(a instanceof Pipe ? "(" + a + ")" : a.toString());
            }
            return sb.toString();
        }
    }

    /** {@code .A.B}: fields looked up starting from dot. */
    record Field(int pos, List<String> names) implements Expr {
        @Override
        public String toString() {
            return "." + String.join(".", names);
        }
    }

    /** {@code $x} or {@code $x.A.B}; name includes the '$'. */
    record Variable(int pos, String name, List<String> fields) implements Expr {
        @Override
        public String toString() {
            return fields.isEmpty() ? name : name + "." + String.join(".", fields);
        }
    }

    /** {@code (pipeline).A.B}: fields applied to an arbitrary operand. */
    record Chain(int pos, Expr node, List<String> fields) implements Expr {
        @Override
        public String toString() {
            String base = node instanceof Pipe ? "(" + node + ")" : node.toString();
            return base + "." + String.join(".", fields);
        }
    }

    /** A function name. */
    record Ident(int pos, String name) implements Expr {
        @Override
        public String toString() {
            return name;
        }
    }

    record Dot(int pos) implements Expr {
        @Override
        public String toString() {
            return ".";
        }
    }

    /** A literal: string, number, bool or nil (value null). text is the source spelling. */
    record Const(int pos, String text, Object value) implements Expr {
        boolean isNil() {
            return value == null;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
