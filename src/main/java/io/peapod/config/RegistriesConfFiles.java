package io.peapod.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which files podman 4.3.1 (containers/image 5.23) reads for registries.conf, decided once per process:
 * <ol>
 *   <li>{@code CONTAINERS_REGISTRIES_CONF} set and non-empty: that file (which must exist), then the drop-ins
 *       of {@code /etc/containers/registries.conf.d} and of {@code $HOME/.config/containers/registries.conf.d};</li>
 *   <li>else, when {@code $HOME/.config/containers/registries.conf} exists (for root too): that file and only
 *       the user's drop-in directory;</li>
 *   <li>else {@code /etc/containers/registries.conf} (a missing file is an empty configuration) and both
 *       drop-in directories.</li>
 * </ol>
 * The machine-written aliases are in {@code /var/cache/containers/short-name-aliases.conf} for root and in
 * {@code $XDG_CACHE_HOME/containers/short-name-aliases.conf} (default {@code $HOME/.cache}) otherwise.
 *
 * @param conf            the main file
 * @param explicit        whether it came from {@code CONTAINERS_REGISTRIES_CONF} (then it must exist)
 * @param systemDropInDir the system drop-in directory, or null when not read
 * @param userDropInDir   the user's drop-in directory (read only if it exists)
 * @param aliasCache      short-name-aliases.conf
 */
public record RegistriesConfFiles(Path conf, boolean explicit, Path systemDropInDir, Path userDropInDir,
                                  Path aliasCache) {

    public static final String ENV_CONF = "CONTAINERS_REGISTRIES_CONF";
    static final Path SYSTEM_CONF = Path.of("/etc/containers/registries.conf");
    static final Path SYSTEM_DROP_INS = Path.of("/etc/containers/registries.conf.d");
    static final Path ROOT_ALIAS_CACHE = Path.of("/var/cache/containers/short-name-aliases.conf");

    /** The files for this process: {@code env} is normally {@code System.getenv()}, {@code root} whether euid is 0. */
    public static RegistriesConfFiles forProcess(Map<String, String> env, boolean root) {
        String home = env.get("HOME");
        Path homeDir = Path.of(home == null || home.isEmpty() ? System.getProperty("user.home") : home);
        return locate(env, root, homeDir, SYSTEM_CONF, SYSTEM_DROP_INS, ROOT_ALIAS_CACHE);
    }

    /** {@link #forProcess} with every location given, for tests. */
    static RegistriesConfFiles locate(Map<String, String> env, boolean root, Path home, Path systemConf,
                                      Path systemDropIns, Path rootAliasCache) {
        Path userConf = home.resolve(".config/containers/registries.conf");
        Path userDropIns = home.resolve(".config/containers/registries.conf.d");
        Path aliasCache = root ? rootAliasCache : cacheHome(env, home).resolve("containers/short-name-aliases.conf");
        String fromEnv = env.get(ENV_CONF);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return new RegistriesConfFiles(Path.of(fromEnv), true, systemDropIns, userDropIns, aliasCache);
        }
        if (Files.exists(userConf)) {
            return new RegistriesConfFiles(userConf, false, null, userDropIns, aliasCache);
        }
        return new RegistriesConfFiles(systemConf, false, systemDropIns, userDropIns, aliasCache);
    }

    private static Path cacheHome(Map<String, String> env, Path home) {
        String xdg = env.get("XDG_CACHE_HOME");
        return xdg != null && !xdg.isEmpty() ? Path.of(xdg) : home.resolve(".cache");
    }

    /** The drop-in directories to read, in order (system first). */
    public List<Path> dropInDirs() {
        List<Path> dirs = new ArrayList<>(2);
        if (systemDropInDir != null) {
            dirs.add(systemDropInDir);
        }
        dirs.add(userDropInDir);
        return dirs;
    }

    /** The directory podman names in "is blocked in CONF or DIR" (its ConfigDirPath): the user's one. */
    public String dropInDirDescription() {
        return userDropInDir.toString();
    }
}
