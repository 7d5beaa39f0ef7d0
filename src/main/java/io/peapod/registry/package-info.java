/**
 * The distribution (registry API v2 / OCI distribution spec) client and registry credentials:
 * <ul>
 *   <li>{@link io.peapod.registry.RegistryClient}: ping, manifests, blobs (verified streaming downloads,
 *       chunked and monolithic uploads, cross-repository mounts), tags and catalog, over the JDK's
 *       {@code java.net.http} client; {@link io.peapod.registry.HttpSession} adds authentication
 *       (anonymous, Basic, the {@code WWW-Authenticate: Bearer} token flow), redirects and bounded
 *       retries;</li>
 *   <li>{@link io.peapod.registry.RegistrySource}: an image in a registry as an {@code image.ImageSource}, blobs
 *       streamed to the reader while they download ({@code BlobStream});</li>
 *   <li>{@link io.peapod.registry.TlsSetup}: system CAs plus {@code certs.d/HOST:PORT} and {@code --cert-dir};</li>
 *   <li>{@link io.peapod.registry.AuthFiles}: podman's auth files ({@code auth.json},
 *       {@code ~/.docker/config.json}, {@code ~/.dockercfg}), read and written as containers/image does.</li>
 * </ul>
 * registries.conf (insecure registries, mirrors) is resolved by the caller, which passes the outcome
 * in {@link io.peapod.registry.RegistryOptions}. Only commands that talk to a registry load this
 * package: the HTTP client costs class loading that other commands must not pay.
 * A password or token never appears in an exception message or a debug line.
 */
package io.peapod.registry;
