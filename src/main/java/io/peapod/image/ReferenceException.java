package io.peapod.image;

/**
 * An image reference, tag or digest that does not follow the grammar. Messages use docker's and
 * podman's wording (for example {@code invalid reference format}) because scripts match on them.
 */
public final class ReferenceException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ReferenceException(String message) {
        super(message);
    }
}
