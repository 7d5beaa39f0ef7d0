/**
 * Command line: podman-compatible commands and flags, output as tables, JSON or Go templates, and exit codes.
 * <p>The only layer a user types into. It parses arguments, calls the engine API and prints; it never
 * touches files, processes or SQL itself.
 */
package io.peapod.cli;
