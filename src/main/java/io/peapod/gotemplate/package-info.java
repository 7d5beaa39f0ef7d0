/**
 * A Go text/template engine for {@code --format}: fields, nested fields, pipelines, {@code range},
 * {@code if}/{@code else}, {@code with}, variables and the functions podman adds ({@code json}, {@code join},
 * {@code lower}, {@code upper}, {@code truncate}, ...). Pure: no I/O beyond the writer it renders to.
 */
package io.peapod.gotemplate;
