/**
 * Command-line flag parsing with podman's exact rules: a small port of spf13/pflag as cobra drives it.
 * <p>Owns flag definitions ({@link io.peapod.cli.flags.FlagSet}), parsing an argument list into values and
 * positional arguments ({@link io.peapod.cli.flags.ParsedFlags}), pflag's error messages word for word
 * ({@link io.peapod.cli.flags.FlagException}) and the aligned flag lines of {@code --help}
 * ({@link io.peapod.cli.flags.FlagSet#usage()}). Scripts written for podman depend on these rules, so every
 * deviation from pflag is a bug.
 * <p>It does not own subcommand lookup, help templates, or printing: the caller prints {@code Error: <message>}
 * and podman's {@code See 'podman <cmd> --help'} line, and exits 125.
 * <p>Start-up cost matters (the CLI must start in about 80 ms; picocli alone cost 60-140 ms), so this package uses
 * no reflection, annotations, regular expressions or lambdas on the parse path: plain loops over strings.
 */
package io.peapod.cli.flags;
