package io.peapod.engine;

/**
 * What {@code push} was asked for.
 *
 * @param image             the local image (name or id)
 * @param destination       where to: {@code TRANSPORT:...}, or a registry name
 * @param format            {@code --format}: oci, v2s2, or empty for the source's type
 * @param compressionFormat {@code --compression-format}: gzip, zstd, or empty for the default
 * @param removeSignatures  {@code --remove-signatures} (there are none to copy yet)
 * @param digestFile        {@code --digestfile}: where to write the manifest digest, or empty
 * @param quiet             no progress lines
 * @param terminal          progress goes to a terminal
 * @param compress          {@code --compress}: compress layers for {@code dir:} too
 * @param registry          {@code --creds}, {@code --authfile}, {@code --cert-dir}, {@code --tls-verify} for a
 *                          registry destination
 */
public record PushOptions(String image, String destination, String format, String compressionFormat,
                          boolean removeSignatures, String digestFile, boolean quiet, boolean terminal, boolean compress,
                          RegistryFlags registry) {
    public PushOptions {
        registry = registry == null ? RegistryFlags.NONE : registry;
    }
}
