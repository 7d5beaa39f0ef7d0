package io.peapod.registry;

import io.peapod.image.ImageReference;
import io.peapod.image.ReferenceException;

import java.net.URI;

/**
 * The argument of {@code login}/{@code logout} as podman's parseCredentialsKey reads it: a URL
 * becomes its {@code HOST[:PORT]}; {@code HOST/NAMESPACE...} is kept as a key of its own if it is a
 * valid repository name without tag or digest.
 *
 * @param key      what the auth file is keyed by
 * @param registry the registry to contact
 */
public record CredentialKey(String key, String registry) {

    public static CredentialKey parse(String argument) {
        String key = argument;
        if (argument.startsWith("https://") || argument.startsWith("http://")) {
            try {
                String host = URI.create(argument).getRawAuthority();
                key = host == null ? "" : host;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("trimming http{s} prefix: " + e.getMessage());
            }
        }
        String registry = AuthFiles.registryOf(key);
        if (registry.equals(key)) {
            return new CredentialKey(key, registry);
        }
        ImageReference ref;
        try {
            ref = ImageReference.normalizeDockerHub(key);
        } catch (ReferenceException e) {
            throw new IllegalArgumentException("parse reference from \"" + key + "\": " + e.getMessage());
        }
        ImageReference plain = ImageReference.parse(key);
        if (plain.hasTag() || plain.hasDigest()) {
            throw new IllegalArgumentException("reference \"" + ref + "\" contains tag or digest");
        }
        return new CredentialKey(key, registry);
    }
}
