package io.peapod.gotemplate;

/**
 * A parse or execution error, worded like Go's text/template errors
 * (e.g. {@code template: output:1: function "foo" not defined}) so scripts matching podman's
 * messages keep working.
 */
public final class TemplateException extends Exception {
    private static final long serialVersionUID = 1L;

    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
