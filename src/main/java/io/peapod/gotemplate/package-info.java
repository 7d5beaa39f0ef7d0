/**
 * A Go text/template engine for podman's {@code --format}: {@link io.peapod.gotemplate.Template}
 * (fields, nested fields, variables, pipelines, parentheses, {@code if}/{@code else if}/{@code with}/
 * {@code range} with {@code else}/{@code break}/{@code continue}, {@code define}/{@code template}/
 * {@code block}, trim markers, comments), Go's builtin functions and the ones podman adds
 * ({@code json}, {@code lower}, {@code upper}, {@code title}, {@code split}, {@code join},
 * {@code truncate}, {@code pad}; plus {@code contains}, {@code replace}, {@code trim}), Go fmt-style
 * value printing and {@code printf}; {@link io.peapod.gotemplate.TabWriter}, a port of Go's
 * text/tabwriter for table output; and {@link io.peapod.gotemplate.Formats}, podman's format
 * normalisation and header naming. Data are Maps, Lists, arrays, strings, numbers, booleans, null
 * and records (or any object's public zero-argument methods). Pure: no I/O beyond the Appendable
 * it renders to.
 */
package io.peapod.gotemplate;
