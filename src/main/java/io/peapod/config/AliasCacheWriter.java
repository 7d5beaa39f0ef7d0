package io.peapod.config;

import io.peapod.config.RegistriesConf.Alias;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Records a short-name alias in short-name-aliases.conf as containers/image 5.23 does after the user picked
 * a candidate (sysregistriesv2.AddShortNameAlias): the directory is made (0700), {@code FILE.lock} is locked
 * (a POSIX record lock, as containers/storage's lock files, so podman and Peapod exclude each other), the
 * file's aliases are read (a malformed file is refused with the loader's error) and written back with the
 * new one, in BurntSushi/toml's form:
 * <pre>
 * [aliases]
 *   demo = "127.0.0.1:5000/demo"
 *   "library/foo" = "quay.io/library/foo"
 * </pre>
 * keys sorted, bare when they can be, erased aliases ({@code ""}) kept, anything but {@code [aliases]}
 * dropped. A new file is 0600; an existing one keeps its mode. Unlike podman, which truncates the file in
 * place, the new text goes to a temporary file renamed over the old one: a reader never sees half a file.
 */
public final class AliasCacheWriter {
    private AliasCacheWriter() {}

    private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Set<PosixFilePermission> NEW_FILE = PosixFilePermissions.fromString("rw-------");

    /**
     * Sets {@code name}'s alias to {@code value} in {@code file}, replacing any alias it had there.
     *
     * @param name  a short name without tag or digest
     * @param value a fully qualified repository without tag or digest
     * @throws RegistriesConfException with what failed (podman only logs it)
     */
    public static void add(Path file, String name, String value, AliasChecker checker) {
        String bad = checker.checkName(name);
        if (bad == null) {
            bad = checker.checkValue(value);
        }
        if (bad != null) {
            throw new RegistriesConfException(bad);
        }
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new RegistriesConfException(goError("mkdir", dir, e));
        }
        Path lockFile = Path.of(file + ".lock");
        try (FileChannel lockChannel = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
             FileLock ignored = lockChannel.lock()) {
            Map<String, String> aliases = new TreeMap<>();
            for (Map.Entry<String, Alias> e : RegistriesConfLoader.loadAliasCache(file, checker).entrySet()) {
                aliases.put(e.getKey(), e.getValue().value() == null ? "" : e.getValue().value());
            }
            aliases.put(name, value);
            replace(file, encode(aliases));
        } catch (IOException e) {
            throw new RegistriesConfException(goError("open", lockFile, e));
        }
    }

    /** The file's text for {@code aliases} (sorted), as BurntSushi/toml encodes an {@code aliases} map. */
    static String encode(Map<String, String> aliases) {
        StringBuilder sb = new StringBuilder("[aliases]\n");
        for (Map.Entry<String, String> e : new TreeMap<>(aliases).entrySet()) {
            String key = BARE_KEY.matcher(e.getKey()).matches() ? e.getKey() : quote(e.getKey());
            sb.append("  ").append(key).append(" = ").append(quote(e.getValue())).append('\n');
        }
        return sb.toString();
    }

    /** A TOML basic string with BurntSushi's escapes. */
    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\f' -> sb.append("\\f");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Writes {@code text} next to {@code file} and renames it over it, keeping an existing file's mode. */
    private static void replace(Path file, String text) {
        Set<PosixFilePermission> mode = NEW_FILE;
        try {
            mode = Files.getPosixFilePermissions(file);
        } catch (IOException e) {
            // no file yet: podman creates it 0600
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".short-name-aliases", ".tmp",
                    PosixFilePermissions.asFileAttribute(NEW_FILE));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.setPosixFilePermissions(tmp, mode);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (IOException e) {
            throw new RegistriesConfException(goError("open", file, e));
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // nothing more to do: the alias file itself is untouched
                }
            }
        }
    }

    /** {@code OP PATH: REASON} as Go's *PathError words the common failures. */
    private static String goError(String op, Path path, IOException e) {
        String reason;
        if (e instanceof AccessDeniedException) {
            reason = "permission denied";
        } else if (e instanceof NoSuchFileException) {
            reason = "no such file or directory";
        } else if (e instanceof FileSystemException f && f.getReason() != null) {
            reason = f.getReason().toLowerCase(java.util.Locale.ROOT);
        } else {
            reason = String.valueOf(e.getMessage());
        }
        return op + " " + path + ": " + reason;
    }
}
