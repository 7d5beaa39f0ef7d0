package io.peapod.core.conmon;

/** A created (not yet started) container: its init process and the conmon that watches it. */
public record CreateResult(int containerPid, int conmonPid) {}
