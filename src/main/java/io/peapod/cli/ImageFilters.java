package io.peapod.cli;

import io.peapod.engine.EngineException;
import io.peapod.engine.ImageSummary;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code images --filter}: reference, label, dangling, before, since, id, readonly. Filters of
 * different kinds must all match; several of one kind match if any does (podman's rule).
 */
final class ImageFilters {
    private final List<Pattern> references = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();
    private Boolean dangling;
    private Boolean readOnly;
    private Long before;
    private Long since;

    static ImageFilters parse(List<String> filters, List<ImageSummary> images) {
        ImageFilters f = new ImageFilters();
        for (String filter : filters) {
            int eq = filter.indexOf('=');
            if (eq < 0) {
                throw new EngineException("invalid image filter \"" + filter + "\": filters must be of the form key=value");
            }
            String key = filter.substring(0, eq);
            String value = filter.substring(eq + 1);
            switch (key) {
                case "reference" -> f.references.add(glob(value));
                case "label" -> f.labels.add(value);
                case "id" -> f.ids.add(value);
                case "dangling" -> f.dangling = bool(filter, value);
                case "readonly" -> f.readOnly = bool(filter, value);
                case "before" -> f.before = createdOf(value, images);
                case "since", "after" -> f.since = createdOf(value, images);
                default -> throw new EngineException("unsupported image filter \"" + key + "\"");
            }
        }
        return f;
    }

    private static boolean bool(String filter, String value) {
        return switch (value) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new EngineException("invalid filter \"" + filter + "\": value must be true or false");
        };
    }

    private static long createdOf(String ref, List<ImageSummary> images) {
        for (ImageSummary s : images) {
            if (s.Id().startsWith(ref.replace("sha256:", "")) || s.Names().stream().anyMatch(n -> nameMatches(glob(ref), n))) {
                return s.Created();
            }
        }
        throw new EngineException(ref + ": image not known");
    }

    boolean matches(ImageSummary s) {
        if (dangling != null && dangling != s.Dangling()) {
            return false;
        }
        if (readOnly != null && readOnly != s.ReadOnly()) {
            return false;
        }
        if (before != null && s.Created() >= before) {
            return false;
        }
        if (since != null && s.Created() <= since) {
            return false;
        }
        if (!ids.isEmpty() && ids.stream().noneMatch(id -> s.Id().startsWith(id))) {
            return false;
        }
        for (String label : labels) {
            int eq = label.indexOf('=');
            String k = eq < 0 ? label : label.substring(0, eq);
            if (!s.Labels().containsKey(k) || (eq >= 0 && !s.Labels().get(k).equals(label.substring(eq + 1)))) {
                return false;
            }
        }
        return references.isEmpty() || s.Names().stream().anyMatch(this::matchesName);
    }

    /** With reference filters, only the matching names of an image get a row. */
    boolean matchesName(String name) {
        return references.isEmpty() || references.stream().anyMatch(p -> nameMatches(p, name));
    }

    /** A pattern matches the full name, or it without the registry, or the last path component, with or without tag. */
    private static boolean nameMatches(Pattern p, String name) {
        String noTag = name.contains("@") ? name.substring(0, name.indexOf('@'))
                : name.lastIndexOf(':') > name.lastIndexOf('/') ? name.substring(0, name.lastIndexOf(':')) : name;
        String tagPart = name.substring(noTag.length());
        String path = noTag.contains("/") ? noTag.substring(noTag.indexOf('/') + 1) : noTag;
        String last = noTag.substring(noTag.lastIndexOf('/') + 1);
        for (String candidate : List.of(name, noTag, path, path + tagPart, last, last + tagPart)) {
            if (p.matcher(candidate).matches()) {
                return true;
            }
        }
        return false;
    }

    /** filepath.Match-style glob: * and ? stay within a path segment. */
    private static Pattern glob(String g) {
        StringBuilder re = new StringBuilder();
        for (char c : g.toCharArray()) {
            switch (c) {
                case '*' -> re.append("[^/]*");
                case '?' -> re.append("[^/]");
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
