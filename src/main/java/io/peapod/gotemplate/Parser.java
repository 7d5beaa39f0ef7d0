package io.peapod.gotemplate;

import io.peapod.gotemplate.Lexer.T;
import io.peapod.gotemplate.Lexer.Token;
import io.peapod.gotemplate.Node.Branch;
import io.peapod.gotemplate.Node.Cmd;
import io.peapod.gotemplate.Node.Expr;
import io.peapod.gotemplate.Node.Kind;
import io.peapod.gotemplate.Node.Pipe;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Recursive-descent parser following Go's text/template/parse/parse.go, including its error
 * wording, so users see the messages they know from podman.
 */
final class Parser {
    private final String name;
    private final List<Token> toks;
    private int p;
    /** Variables in scope (Go checks variable use at parse time). */
    private final List<String> vars = new ArrayList<>(List.of("$"));
    private int rangeDepth;
    final Map<String, List<Node>> defines = new HashMap<>();

    private Parser(String name, List<Token> toks) {
        this.name = name;
        this.toks = toks;
    }

    /** Thrown internally; converted to TemplateException with the "template: name:line:" prefix. */
    private static final class Err extends RuntimeException {
        Err(String msg) {
            super(msg, null, false, false);
        }
    }

    static Parser parse(String name, String text) throws TemplateException {
        List<Token> toks;
        try {
            toks = Lexer.lex(text);
        } catch (Lexer.LexError e) {
            throw new TemplateException("template: " + name + ":" + e.line + ": " + e.getMessage());
        }
        Parser ps = new Parser(name, toks);
        try {
            ps.root = ps.parseTop();
        } catch (Err e) {
            throw new TemplateException(e.getMessage());
        }
        return ps;
    }

    List<Node> root;

    // ---- token helpers ----

    private Token next() {
        Token t = toks.get(p);
        if (p < toks.size() - 1) p++;
        return t;
    }

    private Token peek() {
        return toks.get(p);
    }

    private Token nextNonSpace() {
        Token t = next();
        while (t.type() == T.SPACE) t = next();
        return t;
    }

    private Token peekNonSpace() {
        int save = p;
        Token t = nextNonSpace();
        p = save;
        return t;
    }

    private Err error(String msg) {
        Token cur = toks.get(Math.max(0, p > 0 ? p - 1 : 0));
        return new Err("template: " + name + ":" + cur.line() + ": " + msg);
    }

    private Err unexpected(Token t, String context) {
        return error("unexpected " + t + " in " + context);
    }

    private Token expect(T type, String context) {
        Token t = nextNonSpace();
        if (t.type() != type) throw unexpected(t, context);
        return t;
    }

    // ---- structure ----

    private List<Node> parseTop() {
        List<Node> list = new ArrayList<>();
        while (peek().type() != T.EOF) {
            if (peek().type() == T.LEFT) {
                int save = p;
                next();
                if (nextNonSpace().type() == T.DEFINE) {
                    parseDefinition();
                    continue;
                }
                p = save;
            }
            Object n = textOrAction();
            if (n instanceof EndMark || n instanceof ElseMark) throw error("unexpected " + n);
            list.add((Node) n);
        }
        return list;
    }

    private void parseDefinition() {
        Token nameTok = nextNonSpace();
        String defName = switch (nameTok.type()) {
            case STRING, RAW_STRING -> unquote(nameTok);
            default -> throw unexpected(nameTok, "define clause");
        };
        expect(T.RIGHT, "define clause");
        ListEnd le = itemList();
        if (!(le.end instanceof EndMark)) throw error("unexpected " + le.end + " in define clause");
        defines.put(defName, le.list);
    }

    /** Pseudo-nodes returned by textOrAction for {{end}} and {{else}}. */
    private record EndMark(int pos) {
        @Override
        public String toString() {
            return "{{end}}";
        }
    }

    private record ElseMark(int pos, T chained) {
        @Override
        public String toString() {
            return "{{else}}";
        }
    }

    private record ListEnd(List<Node> list, Object end) {}

    private ListEnd itemList() {
        List<Node> list = new ArrayList<>();
        while (peekNonSpace().type() != T.EOF) {
            Object n = textOrAction();
            if (n instanceof EndMark || n instanceof ElseMark) return new ListEnd(list, n);
            list.add((Node) n);
        }
        throw error("unexpected EOF");
    }

    /** Returns a Node, or an EndMark/ElseMark for {{end}}/{{else}}. */
    private Object textOrAction() {
        Token t = nextNonSpace();
        return switch (t.type()) {
            case TEXT -> new Node.Text(t.pos(), t.val());
            case LEFT -> action();
            default -> throw unexpected(t, "input");
        };
    }

    private Object action() {
        int save = p;
        Token t = nextNonSpace();
        switch (t.type()) {
            case BLOCK:
                return blockControl(t);
            case BREAK:
            case CONTINUE: {
                boolean isBreak = t.type() == T.BREAK;
                Token r = nextNonSpace();
                if (r.type() != T.RIGHT) throw unexpected(r, "{{" + t.val() + "}}");
                if (rangeDepth == 0) throw error("{{" + t.val() + "}} outside {{range}}");
                return isBreak ? new Node.Break(t.pos()) : new Node.Continue(t.pos());
            }
            case ELSE: {
                Token nx = peekNonSpace();
                if (nx.type() == T.IF || nx.type() == T.WITH) {
                    // "else if" / "else with": leave the keyword for the enclosing control to consume.
                    return new ElseMark(t.pos(), nx.type());
                }
                Token r = nextNonSpace();
                if (r.type() != T.RIGHT) throw unexpected(r, "else");
                return new ElseMark(t.pos(), null);
            }
            case END: {
                Token r = nextNonSpace();
                if (r.type() != T.RIGHT) throw unexpected(r, "end");
                return new EndMark(t.pos());
            }
            case IF:
                return control(t, Kind.IF);
            case RANGE:
                return control(t, Kind.RANGE);
            case WITH:
                return control(t, Kind.WITH);
            case TEMPLATE:
                return templateControl(t);
            case DEFINE:
                throw error("unexpected <define> in command");
            default:
                p = save; // pipeline() re-reads the token
                Pipe pipe = pipeline("command", T.RIGHT);
                return new Node.Action(t.pos(), pipe);
        }
    }

    private Node control(Token kw, Kind kind) {
        int mark = vars.size();
        try {
            String ctx = kind.name().toLowerCase();
            Pipe pipe = pipeline(ctx, T.RIGHT);
            if (kind == Kind.RANGE) rangeDepth++;
            ListEnd le = itemList();
            if (kind == Kind.RANGE) rangeDepth--;
            List<Node> elseList = null;
            if (le.end instanceof ElseMark em) {
                if (em.chained() != null) {
                    if ((kind == Kind.IF && em.chained() == T.IF) || (kind == Kind.WITH && em.chained() == T.WITH)) {
                        Token kw2 = nextNonSpace();
                        // The nested control consumes the shared {{end}}.
                        elseList = List.of(control(kw2, kind));
                        return new Branch(kw.pos(), kind, pipe, le.list, elseList);
                    }
                    throw error("unexpected " + peekNonSpace() + " in else");
                }
                ListEnd le2 = itemList();
                if (!(le2.end instanceof EndMark)) throw error("expected end; found " + le2.end);
                elseList = le2.list;
            }
            return new Branch(kw.pos(), kind, pipe, le.list, elseList);
        } finally {
            while (vars.size() > mark) vars.remove(vars.size() - 1);
        }
    }

    private Node templateControl(Token kw) {
        String ctx = "template clause";
        Token nameTok = nextNonSpace();
        String tname = switch (nameTok.type()) {
            case STRING, RAW_STRING -> unquote(nameTok);
            default -> throw unexpected(nameTok, ctx);
        };
        Pipe pipe = null;
        int save = p;
        if (nextNonSpace().type() != T.RIGHT) {
            p = save;
            pipe = pipeline(ctx, T.RIGHT);
        }
        return new Node.Call(nameTok.pos(), tname, pipe);
    }

    /** {@code {{block "name" pipeline}} T1 {{end}}} = define "name" T1, then template "name" pipeline. */
    private Node blockControl(Token kw) {
        String ctx = "block clause";
        Token nameTok = nextNonSpace();
        String bname = switch (nameTok.type()) {
            case STRING, RAW_STRING -> unquote(nameTok);
            default -> throw unexpected(nameTok, ctx);
        };
        Pipe pipe = pipeline(ctx, T.RIGHT);
        ListEnd le = itemList();
        if (!(le.end instanceof EndMark)) throw error("unexpected " + le.end + " in " + ctx);
        defines.put(bname, le.list);
        return new Node.Call(nameTok.pos(), bname, pipe);
    }

    // ---- pipelines ----

    private Pipe pipeline(String context, T end) {
        int pos = peekNonSpace().pos();
        List<String> decl = new ArrayList<>();
        boolean isAssign = false;
        while (true) {
            Token v = peekNonSpace();
            if (v.type() != T.VARIABLE) break;
            int save = p;
            nextNonSpace();
            Token nx = peekNonSpace();
            if (nx.type() == T.ASSIGN || nx.type() == T.DECLARE) {
                isAssign = nx.type() == T.ASSIGN;
                nextNonSpace();
                decl.add(v.val());
                if (!isAssign) vars.add(v.val());
                else useVar(v.val());
                break;
            } else if (nx.type() == T.COMMA) {
                nextNonSpace();
                decl.add(v.val());
                vars.add(v.val());
                if (context.equals("range") && decl.size() < 2) {
                    T t = peekNonSpace().type();
                    if (t == T.VARIABLE || t == T.RIGHT || t == T.RPAREN) continue;
                    throw error("range can only initialize variables");
                }
                throw error("too many declarations in " + context);
            } else {
                p = save;
                break;
            }
        }
        List<Cmd> cmds = new ArrayList<>();
        while (true) {
            Token t = nextNonSpace();
            if (t.type() == end) {
                if (cmds.isEmpty()) throw error("missing value for " + context);
                for (int i = 1; i < cmds.size(); i++) {
                    Expr first = cmds.get(i).args().get(0);
                    if (first instanceof Node.Const || first instanceof Node.Dot) {
                        throw error("non executable command in pipeline stage " + (i + 1));
                    }
                }
                return new Pipe(pos, List.copyOf(decl), isAssign, cmds);
            }
            switch (t.type()) {
                case BOOL, CHAR_CONST, DOT, FIELD, IDENT, NUMBER, NIL, RAW_STRING, STRING, VARIABLE, LPAREN -> {
                    p--;
                    cmds.add(command());
                }
                default -> throw unexpected(t, context);
            }
        }
    }

    private Cmd command() {
        int pos = peekNonSpace().pos();
        List<Expr> args = new ArrayList<>();
        while (true) {
            peekNonSpace();
            while (peek().type() == T.SPACE) next();
            Expr op = operand();
            if (op != null) args.add(op);
            Token t = next();
            switch (t.type()) {
                case SPACE:
                    continue;
                case RIGHT:
                case RPAREN:
                    p--;
                    break;
                case PIPE:
                    break;
                default:
                    throw unexpected(t, "operand");
            }
            break;
        }
        if (args.isEmpty()) throw error("empty command");
        return new Cmd(pos, args);
    }

    private Expr operand() {
        Expr node = term();
        if (node == null) return null;
        if (peek().type() == T.FIELD) {
            int chainPos = peek().pos();
            List<String> fields = new ArrayList<>();
            while (peek().type() == T.FIELD) fields.add(next().val().substring(1));
            // Like Go, a field chain's position is that of its first chained field.
            return switch (node) {
                case Node.Field f -> {
                    List<String> all = new ArrayList<>(f.names());
                    all.addAll(fields);
                    yield new Node.Field(chainPos, all);
                }
                case Node.Variable v -> {
                    List<String> all = new ArrayList<>(v.fields());
                    all.addAll(fields);
                    yield new Node.Variable(chainPos, v.name(), all);
                }
                case Node.Const c -> throw error("unexpected . after term \"" + c.text() + "\"");
                case Node.Dot d -> throw error("unexpected . after term \".\"");
                default -> new Node.Chain(chainPos, node, fields);
            };
        }
        return node;
    }

    private Expr term() {
        int save = p;
        Token t = nextNonSpace();
        switch (t.type()) {
            case IDENT:
                if (!Funcs.exists(t.val())) throw error("function \"" + t.val() + "\" not defined");
                return new Node.Ident(t.pos(), t.val());
            case DOT:
                return new Node.Dot(t.pos());
            case NIL:
                return new Node.Const(t.pos(), "nil", null);
            case VARIABLE:
                useVar(t.val());
                return new Node.Variable(t.pos(), t.val(), List.of());
            case FIELD:
                return new Node.Field(t.pos(), List.of(t.val().substring(1)));
            case BOOL:
                return new Node.Const(t.pos(), t.val(), Boolean.valueOf(t.val()));
            case CHAR_CONST:
                return new Node.Const(t.pos(), t.val(), (long) unquoteChar(t));
            case NUMBER:
                return new Node.Const(t.pos(), t.val(), number(t));
            case LPAREN:
                return pipeline("parenthesized pipeline", T.RPAREN);
            case STRING:
            case RAW_STRING:
                return new Node.Const(t.pos(), t.val(), unquote(t));
            default:
                p = save;
                return null;
        }
    }

    private void useVar(String v) {
        if (!vars.contains(v)) throw error("undefined variable \"" + v + "\"");
    }

    // ---- literals ----

    /** Go untyped constants: integers become Long, anything with a '.', exponent etc. a Double. */
    private Object number(Token t) {
        String s = t.val().replace("_", "");
        boolean neg = s.startsWith("-");
        String body = (s.startsWith("-") || s.startsWith("+")) ? s.substring(1) : s;
        try {
            BigInteger bi = null;
            String lower = body.toLowerCase();
            if (lower.startsWith("0x") && !lower.contains("p") && !lower.contains(".")) {
                bi = new BigInteger(body.substring(2), 16);
            } else if (lower.startsWith("0b")) {
                bi = new BigInteger(body.substring(2), 2);
            } else if (lower.startsWith("0o")) {
                bi = new BigInteger(body.substring(2), 8);
            } else if (lower.length() > 1 && lower.startsWith("0") && lower.chars().allMatch(Character::isDigit)) {
                bi = new BigInteger(body.substring(1), 8);
            } else if (!body.isEmpty() && body.chars().allMatch(Character::isDigit)) {
                bi = new BigInteger(body);
            }
            if (bi != null) {
                if (neg) bi = bi.negate();
                if (bi.bitLength() < 64) return bi.longValue();
                return bi.doubleValue();
            }
            double d;
            if (lower.startsWith("0x")) {
                d = Double.parseDouble(body.contains("p") || body.contains("P") ? body : body + "p0");
            } else {
                if (body.isEmpty() || !(Character.isDigit(body.charAt(0)) || body.charAt(0) == '.')) {
                    throw new NumberFormatException();
                }
                for (char c : body.toCharArray()) {
                    if (!(Character.isDigit(c) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) {
                        throw new NumberFormatException();
                    }
                }
                d = Double.parseDouble(body);
            }
            return neg ? -d : d;
        } catch (NumberFormatException e) {
            throw error("bad number syntax: \"" + t.val() + "\"");
        }
    }

    private int unquoteChar(Token t) {
        String inner = t.val().substring(1, t.val().length() - 1);
        String s;
        try {
            s = GoFmt.unescape(inner, '\'');
        } catch (IllegalArgumentException e) {
            throw error("malformed character constant: " + t.val());
        }
        if (s.isEmpty() || s.codePointCount(0, s.length()) != 1) {
            throw error("malformed character constant: " + t.val());
        }
        return s.codePointAt(0);
    }

    private String unquote(Token t) {
        String v = t.val();
        if (t.type() == T.RAW_STRING) return v.substring(1, v.length() - 1).replace("\r", "");
        try {
            return GoFmt.unescape(v.substring(1, v.length() - 1), '"');
        } catch (IllegalArgumentException e) {
            throw error("invalid syntax");
        }
    }
}
