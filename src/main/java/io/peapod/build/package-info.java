/**
 * Containerfile/Dockerfile parsing: the text into stages of instructions ({@link io.peapod.build.DockerfileParser}),
 * Docker's shell-word expansion ({@link io.peapod.build.ShellLexer}), ARG/ENV scoping per stage
 * ({@link io.peapod.build.StageScope}) and which stages a target needs ({@link io.peapod.build.BuildPlan}).
 * No build execution: the builder in {@code core} drives these. Depends on nothing else of Peapod's.
 */
package io.peapod.build;
