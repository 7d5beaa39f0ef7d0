package io.peapod.cli.flags;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link FlagSet#usage()} against the Options blocks podman 4.3.1 prints. */
class FlagSetUsageTest {

    @Test
    void podmanImagesHelp() {
        // Defined out of order on purpose: pflag sorts by name ("no-trunc" before "noheading": '-' < 'h').
        FlagSet images = new FlagSet()
                .bool("quiet", 'q', "Display only image IDs")
                .bool("all", 'a', "Show all images (default hides intermediate images)")
                .bool("digests", '\0', "Show digests")
                .stringSlice("filter", 'f', "Filter output based on conditions provided (default [])")
                .string("format", '\0', "", "Change the output format to JSON or a Go template")
                .bool("history", '\0', "Display the image name history")
                .bool("noheading", 'n', "Do not print column headings")
                .bool("no-trunc", '\0', "Do not truncate output")
                .string("sort", '\0', "created", "Sort by size, tag, created, id, repository")
                .bool("help", '\0', "Help for podman").hidden("help");
        assertThat(images.usage()).isEqualTo("""
                  -a, --all              Show all images (default hides intermediate images)
                      --digests          Show digests
                  -f, --filter strings   Filter output based on conditions provided (default [])
                      --format string    Change the output format to JSON or a Go template
                      --history          Display the image name history
                      --no-trunc         Do not truncate output
                  -n, --noheading        Do not print column headings
                  -q, --quiet            Display only image IDs
                      --sort string      Sort by size, tag, created, id, repository (default "created")
                """);
    }

    @Test
    void podmanPsHelpIntDefaultAndMultiLineUsage() {
        // `podman ps --help` minus --sort (custom type "choice") and --watch (uint), neither of which is the
        // longest, so the alignment is the same.
        FlagSet ps = new FlagSet()
                .bool("all", 'a', "Show all the containers, default is only running containers")
                .bool("external", '\0', "Show containers in storage not controlled by Podman")
                .stringSlice("filter", 'f', "Filter output based on conditions given")
                .string("format", '\0', "", "Pretty-print containers to JSON or using a Go template")
                .integer("last", 'n', -1, "Print the n last created containers (all states)")
                .bool("latest", 'l', "Act on the latest container podman is aware of\n"
                        + "Not supported with the \"--remote\" flag")
                .bool("no-trunc", '\0', "Display the extended information")
                .bool("noheading", '\0', "Do not print headers")
                .bool("ns", '\0', "Display namespace information")
                .bool("pod", 'p', "Print the ID and name of the pod the containers are associated with")
                .bool("quiet", 'q', "Print the numeric IDs of the containers only")
                .bool("size", 's', "Display the total file sizes")
                .bool("sync", '\0', "Sync container state with OCI runtime");
        assertThat(ps.usage()).isEqualTo("""
                  -a, --all              Show all the containers, default is only running containers
                      --external         Show containers in storage not controlled by Podman
                  -f, --filter strings   Filter output based on conditions given
                      --format string    Pretty-print containers to JSON or using a Go template
                  -n, --last int         Print the n last created containers (all states) (default -1)
                  -l, --latest           Act on the latest container podman is aware of
                                         Not supported with the "--remote" flag
                      --no-trunc         Display the extended information
                      --noheading        Do not print headers
                      --ns               Display namespace information
                  -p, --pod              Print the ID and name of the pod the containers are associated with
                  -q, --quiet            Print the numeric IDs of the containers only
                  -s, --size             Display the total file sizes
                      --sync             Sync container state with OCI runtime
                """);
    }

    @Test
    void podmanBuildNoOptDefaultsAndTrueBoolDefault() {
        // Lines from `podman build --help`, whose longest flag column is wider than these two.
        FlagSet build = new FlagSet()
                .bool("layers", '\0', true, "cache intermediate layers during build.")
                .string("pull", '\0', "true", "Always attempt to pull the image (errors are fatal)")
                .noOptDefault("pull", "true");
        assertThat(build.usage()).isEqualTo("""
                      --layers                 cache intermediate layers during build. (default true)
                      --pull string[="true"]   Always attempt to pull the image (errors are fatal) (default "true")
                """);
    }

    @Test
    void typeNamesDefaultsAndBackQuotedNames() {
        FlagSet set = new FlagSet()
                .stringArray("env", 'e', "Set environment variables")
                .integer("zero", '\0', 0, "no default shown for 0")
                .integer("ten", '\0', 10, "Seconds to wait")
                .string("quoted", '\0', "a\"b\tc", "Go %q default")
                .string("volume", '\0', "", "Mount a `path` into the container")
                .bool("verbose", '\0', "")
                .bool("off", '\0', "No default for false")
                .noOptDefault("off", "false");
        assertThat(set.usage()).isEqualTo("""
                  -e, --env stringArray   Set environment variables
                      --off[=false]       No default for false
                      --quoted string     Go %q default (default "a\\"b\\tc")
                      --ten int           Seconds to wait (default 10)
                      --verbose          \s
                      --volume path       Mount a path into the container
                      --zero int          no default shown for 0
                """);
    }

    @Test
    void emptySetHasNoLines() {
        assertThat(new FlagSet().usage()).isEmpty();
        assertThat(new FlagSet().bool("x", '\0', "").hidden("x").usage()).isEmpty();
    }
}
