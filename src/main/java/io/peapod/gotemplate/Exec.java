package io.peapod.gotemplate;

import io.peapod.gotemplate.Node.Expr;
import io.peapod.gotemplate.Node.Pipe;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Executes a parsed template; follows Go's text/template/exec.go. One instance per execution. */
final class Exec {
    /** Go's "invalid value": what a missing map key evaluates to; prints as {@code <no value>}. */
    static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "<no value>";
        }
    };

    /** Marks "no value piped in from the previous command" (Go's missingVal). */
    static final Object NONE = new Object();

    /** Go's maxExecDepth is 100000; Java stacks are smaller, so we stop earlier. */
    static final int MAX_DEPTH = 1000;

    /** Control flow for {{break}}/{{continue}}; preallocated, no stack traces. */
    private static final class Flow extends RuntimeException {
        Flow() {
            super(null, null, false, false);
        }
    }

    private static final Flow BREAK = new Flow();
    private static final Flow CONTINUE = new Flow();

    /** An execution error already worded like Go's. */
    static final class Failure extends RuntimeException {
        Failure(String msg, Throwable cause) {
            super(msg, cause, false, false);
        }
    }

    private final Template tmpl;
    private final Appendable out;
    private List<String> varNames = new ArrayList<>();
    private List<Object> varVals = new ArrayList<>();
    private String execName;
    private Node at;
    private int depth;

    Exec(Template tmpl, Appendable out) {
        this.tmpl = tmpl;
        this.out = out;
        this.execName = tmpl.name();
    }

    void run(Object data, List<Node> root) {
        push("$", data);
        walkList(data, root);
    }

    // ------------------------------------------------------------------ errors

    /** Sets the node that error messages point at. */
    void at(Node n) {
        at = n;
    }

    Failure error(String msg) {
        return error(msg, null);
    }

    Failure error(String msg, Throwable cause) {
        if (at == null) return new Failure("template: " + execName + ": " + msg, cause);
        String src = tmpl.source();
        int pos = Math.min(at.pos(), src.length());
        int line = 1;
        int lastNl = -1;
        for (int i = 0; i < pos; i++) {
            if (src.charAt(i) == '\n') {
                line++;
                lastNl = i;
            }
        }
        int col = lastNl < 0 ? pos : pos - lastNl - 1;
        String context = contextOf(at);
        if (context.length() > 20) context = context.substring(0, 20) + "...";
        return new Failure("template: " + tmpl.name() + ":" + line + ":" + col + ": executing \"" + execName
                + "\" at <" + context + ">: " + msg, cause);
    }

    private static String contextOf(Node n) {
        return switch (n) {
            case Node.Action a -> "{{" + a.pipe() + "}}";
            case Node.Branch b -> "{{" + b.kind().name().toLowerCase() + " " + b.pipe() + "}}";
            case Node.Call c -> "{{template \"" + c.name() + "\"" + (c.pipe() == null ? "" : " " + c.pipe()) + "}}";
            case Node.Text t -> t.text();
            default -> n.toString();
        };
    }

    // ------------------------------------------------------------------ variables

    private void push(String name, Object value) {
        varNames.add(name);
        varVals.add(value);
    }

    private int mark() {
        return varNames.size();
    }

    private void pop(int mark) {
        while (varNames.size() > mark) {
            varNames.removeLast();
            varVals.removeLast();
        }
    }

    private void setTopVar(int n, Object value) {
        varVals.set(varVals.size() - n, value);
    }

    private void setVar(String name, Object value) {
        for (int i = varNames.size() - 1; i >= 0; i--) {
            if (varNames.get(i).equals(name)) {
                varVals.set(i, value);
                return;
            }
        }
        throw error("undefined variable: " + name);
    }

    private Object varValue(String name) {
        for (int i = varNames.size() - 1; i >= 0; i--) {
            if (varNames.get(i).equals(name)) return varVals.get(i);
        }
        throw error("undefined variable: " + name);
    }

    // ------------------------------------------------------------------ walking

    private void walkList(Object dot, List<Node> list) {
        for (Node n : list) walk(dot, n);
    }

    // The dispatches below use instanceof chains, not pattern switches: a type switch bootstraps
    // (spins a class) at run time on every start, which a short-lived CLI pays each call.
    private void walk(Object dot, Node node) {
        if (node instanceof Node.Text t) {
            write(t.text());
        } else if (node instanceof Node.Action a) {
            at = a;
            Object v = evalPipeline(dot, a.pipe());
            if (a.pipe().decl().isEmpty()) {
                at = a;
                write(v == NO_VALUE ? "<no value>" : GoFmt.sprint1(v));
            }
        } else if (node instanceof Node.Branch b) {
            if (b.kind() == Node.Kind.RANGE) {
                walkRange(dot, b);
            } else {
                int mark = mark();
                at = b;
                Object v = evalPipeline(dot, b.pipe());
                if (isTrue(v)) {
                    walkList(b.kind() == Node.Kind.WITH ? v : dot, b.list());
                } else if (b.elseList() != null) {
                    walkList(dot, b.elseList());
                }
                pop(mark);
            }
        } else if (node instanceof Node.Call c) {
            walkTemplate(dot, c);
        } else if (node instanceof Node.Break) {
            throw BREAK;
        } else if (node instanceof Node.Continue) {
            throw CONTINUE;
        } else {
            throw error("unknown node: " + node);
        }
    }

    private void write(String s) {
        try {
            out.append(s);
        } catch (IOException e) {
            throw new Failure("template: " + execName + ": " + e.getMessage(), e);
        }
    }

    private void walkRange(Object dot, Node.Branch r) {
        at = r;
        int mark = mark();
        try {
            Object val = evalPipeline(dot, r.pipe());
            int mark2 = mark();
            boolean ran = false;
            if (val == null || val == NO_VALUE) {
                // Go: ranging over nothing runs the else branch
            } else if (GoFmt.isList(val)) {
                List<Object> els = GoFmt.elements(val);
                for (int i = 0; i < els.size(); i++) {
                    ran = true;
                    if (!iteration(r, (long) i, els.get(i), mark2)) break;
                }
            } else if (val instanceof Map<?, ?> m) {
                for (Object k : GoFmt.sortedKeys(m)) {
                    ran = true;
                    if (!iteration(r, k, m.get(k), mark2)) break;
                }
            } else if (GoFmt.isInt(val)) {
                // Go 1.22: range over an integer n yields 0..n-1
                if (r.pipe().decl().size() > 1) {
                    throw error("can't use " + val + " to iterate over more than one variable");
                }
                long n = ((Number) val).longValue();
                for (long i = 0; i < n; i++) {
                    ran = true;
                    if (!iteration(r, i, i, mark2)) break;
                }
            } else if (val instanceof Iterable<?> it) {
                long i = 0;
                for (Iterator<?> iter = it.iterator(); iter.hasNext(); i++) {
                    ran = true;
                    if (!iteration(r, i, iter.next(), mark2)) break;
                }
            } else {
                throw error("range can't iterate over " + GoFmt.sprint1(val));
            }
            if (!ran && r.elseList() != null) walkList(dot, r.elseList());
        } finally {
            pop(mark);
        }
    }

    /** One range iteration; returns false on {{break}}. */
    private boolean iteration(Node.Branch r, Object index, Object elem, int mark) {
        List<String> decl = r.pipe().decl();
        if (!decl.isEmpty()) {
            if (r.pipe().isAssign()) {
                setVar(decl.get(0), decl.size() > 1 ? index : elem);
            } else {
                setTopVar(1, elem);
            }
        }
        if (decl.size() > 1) {
            if (r.pipe().isAssign()) setVar(decl.get(1), elem);
            else setTopVar(2, index);
        }
        try {
            walkList(elem, r.list());
        } catch (Flow f) {
            if (f == BREAK) return false;
        } finally {
            pop(mark);
        }
        return true;
    }

    private void walkTemplate(Object dot, Node.Call c) {
        at = c;
        List<Node> body = tmpl.defines().get(c.name());
        if (body == null) throw error("template \"" + c.name() + "\" not defined");
        if (depth >= MAX_DEPTH) throw error("exceeded maximum template depth (" + MAX_DEPTH + ")");
        Object newDot = c.pipe() == null ? NO_VALUE : evalPipeline(dot, c.pipe());
        List<String> savedNames = varNames;
        List<Object> savedVals = varVals;
        String savedName = execName;
        varNames = new ArrayList<>();
        varVals = new ArrayList<>();
        execName = c.name();
        depth++;
        try {
            push("$", newDot);
            walkList(newDot, body);
        } finally {
            depth--;
            varNames = savedNames;
            varVals = savedVals;
            execName = savedName;
        }
    }

    // ------------------------------------------------------------------ evaluation

    Object evalPipeline(Object dot, Pipe pipe) {
        Object value = NONE;
        for (Node.Cmd cmd : pipe.cmds()) value = evalCommand(dot, cmd, value);
        for (String v : pipe.decl()) {
            if (pipe.isAssign()) setVar(v, value);
            else push(v, value);
        }
        return value;
    }

    private Object evalCommand(Object dot, Node.Cmd cmd, Object fin) {
        Expr first = cmd.args().get(0);
        if (first instanceof Node.Field f) {
            return evalFieldChain(dot, dot, f, f.names(), cmd.args(), fin);
        } else if (first instanceof Node.Chain c) {
            return evalChain(dot, c, cmd.args(), fin);
        } else if (first instanceof Node.Ident id) {
            return Funcs.call(this, id, dot, cmd.args().subList(1, cmd.args().size()), fin);
        } else if (first instanceof Pipe p) {
            notAFunction(cmd.args(), fin);
            return evalPipeline(dot, p);
        } else if (first instanceof Node.Variable v) {
            return evalVariable(dot, v, cmd.args(), fin);
        }
        at = first;
        notAFunction(cmd.args(), fin);
        if (first instanceof Node.Const c) {
            if (c.isNil()) throw error("nil is not a command");
            return c.value();
        }
        return dot; // Node.Dot
    }

    private void notAFunction(List<Expr> args, Object fin) {
        if (args.size() > 1 || fin != NONE) {
            throw error("can't give argument to non-function " + args.get(0));
        }
    }

    /** Evaluates one argument node to a value (Go's evalArg with an interface{} target). */
    Object evalArg(Object dot, Expr n) {
        at = n;
        if (n instanceof Node.Dot) {
            return dot;
        } else if (n instanceof Node.Const c) {
            return c.value();
        } else if (n instanceof Node.Field f) {
            return evalFieldChain(dot, dot, f, f.names(), List.of(n), NONE);
        } else if (n instanceof Node.Variable v) {
            return evalVariable(dot, v, List.of(n), NONE);
        } else if (n instanceof Pipe p) {
            return evalPipeline(dot, p);
        } else if (n instanceof Node.Ident id) {
            return Funcs.call(this, id, dot, List.of(), NONE);
        } else {
            return evalChain(dot, (Node.Chain) n, List.of(n), NONE);
        }
    }

    private Object evalChain(Object dot, Node.Chain c, List<Expr> args, Object fin) {
        if (c.node() instanceof Node.Const k && k.isNil()) {
            at = c;
            throw error("indirection through explicit nil in " + c);
        }
        Object base = evalArg(dot, c.node());
        return evalFieldChain(dot, base, c, c.fields(), args, fin);
    }

    private Object evalVariable(Object dot, Node.Variable v, List<Expr> args, Object fin) {
        at = v;
        Object value = varValue(v.name());
        if (v.fields().isEmpty()) {
            notAFunction(args, fin);
            return value;
        }
        return evalFieldChain(dot, value, v, v.fields(), args, fin);
    }

    private Object evalFieldChain(Object dot, Object receiver, Node node, List<String> names, List<Expr> args,
            Object fin) {
        int n = names.size();
        for (int i = 0; i < n - 1; i++) receiver = evalField(names.get(i), node, List.of(), NONE, receiver);
        return evalField(names.get(n - 1), node, args, fin, receiver);
    }

    private Object evalField(String name, Node node, List<Expr> args, Object fin, Object receiver) {
        at = node;
        if (receiver == NO_VALUE) return NO_VALUE;
        boolean hasArgs = args.size() > 1 || fin != NONE;
        if (receiver == null) throw error("nil pointer evaluating interface {}." + name);
        if (receiver instanceof Map<?, ?> m) {
            if (hasArgs) throw error(name + " is not a method but has arguments");
            Object v = m.get(name);
            if (v == null && !m.containsKey(name)) {
                return structField(m, name);
            }
            return v;
        }
        Method meth = findMethod(receiver.getClass(), name);
        if (meth == null) {
            throw error("can't evaluate field " + name + " in type " + GoFmt.typeName(receiver));
        }
        if (hasArgs) {
            int got = args.size() - 1 + (fin != NONE ? 1 : 0);
            throw error("wrong number of args for " + name + ": want 0 got " + got);
        }
        try {
            return meth.invoke(receiver);
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause();
            throw error("error calling " + name + ": " + t, t);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw error("can't evaluate field " + name + " in type " + GoFmt.typeName(receiver), e);
        }
    }

    /**
     * Our documents are maps with podman's JSON keys where podman's templates run on Go structs, whose fields are
     * named otherwise now and then ({@code ID} for "Id", {@code UserNS} for "userns", {@code PidNS} for "pid_ns"):
     * an exported field name that is no key finds the key that differs only in case and underscores. Otherwise Go's
     * missing key, {@code <no value>}.
     */
    private static Object structField(Map<?, ?> m, String name) {
        if (name.isEmpty() || !Character.isUpperCase(name.charAt(0))) {
            return NO_VALUE;
        }
        String wanted = fieldKey(name);
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (e.getKey() instanceof String k && fieldKey(k).equals(wanted)) {
                return e.getValue();
            }
        }
        return NO_VALUE;
    }

    private static String fieldKey(String s) {
        return s.replace("_", "").toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * A Go-like "field or niladic method": a record component accessor or any public, non-static,
     * zero-argument, non-void method with exactly this name (Object's own methods excluded).
     */
    private static Method findMethod(Class<?> c, String name) {
        Method m;
        try {
            m = c.getMethod(name);
        } catch (NoSuchMethodException e) {
            return null;
        }
        if (m.getDeclaringClass() == Object.class || Modifier.isStatic(m.getModifiers())
                || m.getReturnType() == void.class) {
            return null;
        }
        m.trySetAccessible(); // records declared in non-public classes
        return m;
    }

    static Object componentValue(Record r, RecordComponent c) {
        try {
            Method acc = c.getAccessor();
            acc.trySetAccessible();
            return acc.invoke(r);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ truth

    /** Go's isTrue: zero values are false; structs (records, other objects) are true. */
    static boolean isTrue(Object v) {
        if (v == null || v == NO_VALUE) return false;
        if (v instanceof Boolean b) return b;
        if (v instanceof CharSequence s) return !s.isEmpty();
        if (GoFmt.isInt(v)) return ((Number) v).longValue() != 0 || (v instanceof java.math.BigInteger bi && bi.signum() != 0);
        if (GoFmt.isFloat(v)) return ((Number) v).doubleValue() != 0;
        if (v instanceof Map<?, ?> m) return !m.isEmpty();
        if (GoFmt.isList(v)) return !GoFmt.elements(v).isEmpty();
        return true;
    }
}
