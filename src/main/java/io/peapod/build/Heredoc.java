package io.peapod.build;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A here-document of RUN, COPY or ADD ({@code <<EOF} ... {@code EOF}). {@code content} is the body with its
 * line ends (tabs at the start of each line already removed for {@code <<-}); {@code expand} is false when
 * any part of the delimiter was quoted ({@code <<"EOF"}, {@code <<'EOF'}), which keeps COPY from expanding
 * variables in it; {@code fd} the file descriptor written before {@code <<} (0 when none).
 */
public record Heredoc(String name, String content, boolean expand, boolean chomp, int fd) {
    private static final Pattern WORD = Pattern.compile("^(\\d*)<<(-?)([^<]*)$");

    /** The delimiter of {@code word} when it opens a heredoc (content still empty), else null. */
    static Heredoc opening(String word) {
        Matcher m = WORD.matcher(word);
        if (!m.matches() || m.group(3).isEmpty()) {
            return null;
        }
        String rest = m.group(3);
        ShellLexer lexer = new ShellLexer('\\').skipUnset(true);
        List<String> words;
        List<String> raw;
        try {
            words = lexer.processWords(rest, name -> null);
            if (words.size() != 1) {
                return null;
            }
            raw = lexer.rawQuotes(true).processWords(rest, name -> null);
        } catch (ShellLexer.ExpansionException e) {
            return null;
        }
        if (raw.size() != 1) {
            return null;
        }
        // Quotes that the lexer removed mean some part of the delimiter was quoted: no expansion.
        boolean expand = quotes(words.getFirst()) == quotes(raw.getFirst());
        int fd = m.group(1).isEmpty() ? 0 : Integer.parseInt(m.group(1));
        return new Heredoc(words.getFirst(), "", expand, m.group(2).equals("-"), fd);
    }

    private static long quotes(String s) {
        return s.chars().filter(c -> c == '\'' || c == '"').count();
    }

    /** The heredocs opened on an instruction's line, in order (BuildKit lexes the line with raw quotes and escapes). */
    static List<Heredoc> openedOn(String line) {
        List<String> words;
        try {
            words = new ShellLexer('\\').rawQuotes(true).rawEscapes(true).processWords(line, name -> null);
        } catch (ShellLexer.ExpansionException e) {
            return List.of();
        }
        return words.stream().map(Heredoc::opening).filter(h -> h != null).toList();
    }

    Heredoc withContent(String body) {
        return new Heredoc(name, chomp ? chompTabs(body) : body, expand, chomp, fd);
    }

    Heredoc withExpandedContent(String body) {
        return new Heredoc(name, body, expand, chomp, fd);
    }

    /** {@code <<-}: leading tabs of every line removed. */
    static String chompTabs(String body) {
        return body.replaceAll("(?m)^\\t+", "");
    }
}
