package io.peapod.registry;

/** What a HEAD tells about a manifest or blob: its digest, media type (may be empty) and size. */
public record Descriptor(String digest, String mediaType, long size) {}
