package io.peapod.core;

import io.peapod.engine.EngineException;
import io.peapod.image.ImageReference;
import io.peapod.image.ReferenceException;

/** Turning names users type into the fully qualified names the store keeps. */
final class Names {
    private Names() {}

    /** {@code podman tag}'s normalisation: {@code foo} → {@code localhost/foo:latest}. */
    static String forTagging(String name) {
        try {
            return ImageReference.normalizeForLocal(name).toString();
        } catch (ReferenceException e) {
            throw new EngineException("normalizing name \"" + name + "\": " + e.getMessage());
        }
    }

    /** Names found inside archives (docker's RepoTags, OCI ref.name) follow Docker Hub's rules. */
    static String fromArchive(String name) {
        try {
            return ImageReference.normalizeDockerHub(name).toString();
        } catch (ReferenceException e) {
            return null;
        }
    }
}
