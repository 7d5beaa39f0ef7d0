package io.peapod.build;

/** One name of an ARG instruction and its default as written, null when it has none ({@code ARG NAME}). */
public record ArgDecl(String name, String defaultValue) {
}
