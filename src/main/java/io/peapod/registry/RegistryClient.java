package io.peapod.registry;

import io.peapod.json.JsonReader;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A client for one registry (distribution spec / registry API v2). {@link #open} pings it, so a
 * client exists only for a registry that answered. Errors are {@link RegistryException}s worded as
 * podman's (containers/image's), naming the registry, repository and object.
 *
 * <p>Downloads stream to a {@link BlobSink} and are verified (size and digest) before the sink
 * is told to commit; a connection lost mid-blob resumes with a {@code Range} request when the
 * registry supports it, else starts over. Uploads go monolithic or in chunks, manifests last.
 */
public final class RegistryClient implements AutoCloseable {
    /** The largest manifest accepted, as containers/image's limit. */
    static final int MAX_MANIFEST_BYTES = 4 << 20;

    private final HttpSession http;

    private RegistryClient(HttpSession http) {
        this.http = http;
    }

    /** Connects to {@code registry} ({@code HOST[:PORT]}), pinging it over HTTPS, or HTTP when insecure. */
    public static RegistryClient open(String registry, RegistryOptions options) {
        return new RegistryClient(HttpSession.open(registry, options));
    }

    public String registry() {
        return http.registry();
    }

    /** {@code https} or {@code http}: what the ping settled on. */
    public String scheme() {
        return http.scheme();
    }

    /**
     * Checks the credentials as {@code login} does: {@code GET /v2/} authenticated (a token for no
     * scope on a Bearer registry). {@link RegistryException.Kind#UNAUTHORIZED} when they are refused.
     */
    public void checkAuth() {
        HttpResponse<InputStream> resp = http.send(new HttpSession.Request("GET", http.uri("/v2/"), List.of()));
        byte[] body = HttpSession.drain(resp);
        if (resp.statusCode() != 200) {
            throw ErrorResponses.toException(resp.statusCode(), body);
        }
    }

    // ---- manifests

    /** The manifest {@code reference} (a tag or a digest) of {@code repository}; schema 1 is refused. */
    public Manifest manifest(String repository, String reference) {
        String what = "reading manifest " + reference + " in " + registry() + "/" + repository;
        URI uri = http.uri("/v2/" + repository + "/manifests/" + reference);
        for (int attempt = 0; ; attempt++) {
            HttpResponse<InputStream> resp = http.send(new HttpSession.Request("GET", uri,
                    Map.of("Accept", Manifest.ACCEPT), null, pull(repository)));
            if (resp.statusCode() != 200) {
                throw ErrorResponses.toException(resp.statusCode(), HttpSession.drain(resp)).within(what);
            }
            byte[] bytes;
            try (InputStream in = resp.body()) {
                bytes = in.readNBytes(MAX_MANIFEST_BYTES + 1);
            } catch (IOException e) {
                if (attempt < http.options().retries() && TransportErrors.isTransient(e)) {
                    http.debug("reading " + uri + " failed (" + e + "), retrying");
                    continue;
                }
                throw new RegistryException(RegistryException.Kind.TRANSPORT,
                        what + ": " + TransportErrors.describe("GET", uri, e), e);
            }
            if (bytes.length > MAX_MANIFEST_BYTES) {
                throw new RegistryException(RegistryException.Kind.INVALID,
                        what + ": manifest is larger than the " + MAX_MANIFEST_BYTES + " bytes allowed");
            }
            String mediaType = MediaTypes.of(resp.headers().firstValue("Content-Type").orElse(""), bytes);
            if (mediaType.equals(Manifest.DOCKER_V2S1) || mediaType.equals(Manifest.DOCKER_V2S1_SIGNED)) {
                throw new RegistryException(RegistryException.Kind.INVALID, what + ": unsupported manifest type "
                        + mediaType + ": Docker schema 1 manifests are not supported; push the image again with a"
                        + " current tool (schema 2 or OCI)");
            }
            if (!MediaTypes.isManifest(mediaType)) {
                throw new RegistryException(RegistryException.Kind.INVALID, what + ": unsupported manifest type \""
                        + mediaType + "\"");
            }
            String digest;
            if (Digests.isValid(reference)) {
                MessageDigest md = Digests.hasher(reference);
                md.update(bytes);
                digest = Digests.format(md);
                if (!digest.equals(reference)) {
                    throw new RegistryException(RegistryException.Kind.INVALID, what
                            + ": manifest digest does not match: expected " + reference + ", got " + digest);
                }
            } else {
                digest = Digests.sha256(bytes);
            }
            return new Manifest(mediaType, digest, bytes);
        }
    }

    /** HEAD of a manifest: its digest, type and size, or empty when the registry does not have it. */
    public Optional<Descriptor> headManifest(String repository, String reference) {
        HttpResponse<InputStream> resp = http.send(new HttpSession.Request("HEAD",
                http.uri("/v2/" + repository + "/manifests/" + reference), Map.of("Accept", Manifest.ACCEPT), null,
                pull(repository)));
        HttpSession.drain(resp);
        if (resp.statusCode() == 404) {
            return Optional.empty();
        }
        if (resp.statusCode() != 200) {
            throw ErrorResponses.toException(resp.statusCode(), null)
                    .within("reading manifest " + reference + " in " + registry() + "/" + repository);
        }
        String digest = resp.headers().firstValue("Docker-Content-Digest").orElse(Digests.isValid(reference) ? reference : "");
        String type = resp.headers().firstValue("Content-Type").map(MediaTypes::strip).orElse("");
        return Optional.of(new Descriptor(digest, type, resp.headers().firstValueAsLong("Content-Length").orElse(-1)));
    }

    /** Stores a manifest under {@code reference} (a tag, or its digest); returns its digest. */
    public String putManifest(String repository, String reference, String mediaType, byte[] bytes) {
        String what = "uploading manifest " + reference + " to " + registry() + "/" + repository;
        HttpResponse<InputStream> resp = http.send(new HttpSession.Request("PUT",
                http.uri("/v2/" + repository + "/manifests/" + reference), Map.of("Content-Type", mediaType),
                () -> HttpRequest.BodyPublishers.ofByteArray(bytes), push(repository)));
        byte[] body = HttpSession.drain(resp);
        if (resp.statusCode() != 201 && resp.statusCode() != 200) {
            throw ErrorResponses.toException(resp.statusCode(), body).within(what);
        }
        return resp.headers().firstValue("Docker-Content-Digest").orElse(Digests.sha256(bytes));
    }

    // ---- blobs

    /** Whether {@code repository} has the blob (HEAD). */
    public boolean hasBlob(String repository, String digest) {
        Digests.requireValid(digest);
        HttpResponse<InputStream> resp = http.send(new HttpSession.Request("HEAD",
                http.uri("/v2/" + repository + "/blobs/" + digest), pull(repository)));
        HttpSession.drain(resp);
        if (resp.statusCode() == 200) return true;
        if (resp.statusCode() == 404) return false;
        throw ErrorResponses.toException(resp.statusCode(), null)
                .within("checking whether a blob " + digest + " exists in " + registry() + "/" + repository);
    }

    /**
     * Downloads a blob into {@code sink}: the sink commits only when exactly {@code size} bytes
     * (any number when {@code size < 0}) with this digest arrived; otherwise it is discarded and
     * the error says why. Transient failures are retried, resuming where the data stopped.
     */
    public void blob(String repository, String digest, long size, BlobSink sink) {
        Digests.requireValid(digest);
        new BlobDownload(http, registry(), repository, digest, size, sink, pull(repository)).run();
    }

    /** {@link #upload}'s chunk size for one streamed PATCH with the whole blob and a closing PUT (docker's, podman's way). */
    public static final long STREAMED = -1;

    /**
     * Uploads a blob: one PUT when {@code chunkSize} is 0 or the blob is no larger, one streamed
     * PATCH and a closing PUT for {@link #STREAMED}, else PATCH chunks of {@code chunkSize} and a
     * closing PUT. The registry checks the digest; a failed attempt starts a new upload session, up
     * to the retry limit.
     */
    public void upload(String repository, String digest, long size, BlobSource source, long chunkSize) {
        Digests.requireValid(digest);
        new BlobUpload(http, registry(), repository, digest, size, source, chunkSize, push(repository)).run();
    }

    /**
     * Uploads a blob while it is being written: {@code body} is read to its end in one streamed PATCH
     * (chunked, the length is not known yet), then {@code digest} is asked for the closing PUT. One
     * attempt: a stream cannot be sent again, the caller retries from its own copy.
     */
    public void uploadStream(String repository, java.io.InputStream body, java.util.function.Supplier<String> digest) {
        BlobUpload.ofStream(http, registry(), repository, body, digest, push(repository)).runOnce();
    }

    /**
     * Asks the registry to link a blob of {@code fromRepository} into {@code repository} without a
     * transfer. True when it did; false when it would not (the caller then uploads).
     */
    public boolean mount(String repository, String digest, String fromRepository) {
        Digests.requireValid(digest);
        List<String> scopes = new ArrayList<>(push(repository));
        scopes.addAll(pull(fromRepository));
        HttpResponse<InputStream> resp = http.send(new HttpSession.Request("POST",
                http.uri("/v2/" + repository + "/blobs/uploads/?mount=" + digest + "&from=" + fromRepository),
                Map.of(), HttpRequest.BodyPublishers::noBody, scopes));
        byte[] body = HttpSession.drain(resp);
        if (resp.statusCode() == 201) {
            return true;
        }
        if (resp.statusCode() == 202) {
            // An upload session was opened instead: close it, the caller uploads in its own.
            resp.headers().firstValue("Location").ifPresent(loc -> {
                try {
                    HttpSession.drain(http.send(new HttpSession.Request("DELETE",
                            http.resolve(http.uri("/"), loc), List.copyOf(push(repository)))));
                } catch (RegistryException ignored) {
                    // an abandoned session expires on the registry by itself
                }
            });
            return false;
        }
        throw ErrorResponses.toException(resp.statusCode(), body)
                .within("mounting blob " + digest + " from " + fromRepository + " to " + registry() + "/" + repository);
    }

    // ---- listings

    /** Every tag of {@code repository}, following {@code Link: <...>; rel="next"} pages. */
    public List<String> tags(String repository) {
        return list("/v2/" + repository + "/tags/list", "tags", pull(repository), "fetching tags list");
    }

    /** Every repository in the registry's {@code _catalog}, following pages. */
    public List<String> catalog() {
        return list("/v2/_catalog", "repositories", List.of("registry:catalog:*"), "");
    }

    /**
     * The Docker Hub v1 search API ({@code GET /v1/search?n=LIMIT&q=QUERY}), asked without
     * authentication as containers/image asks it: the answer's body when the registry answered 200,
     * empty when it has no such API (the distribution registry answers 404) or the request failed.
     */
    public Optional<byte[]> searchV1(String query, int limit) {
        // Go's url.Values.Encode sorts the keys: n before q
        URI uri = http.uri("/v1/search?n=" + limit + "&q="
                + java.net.URLEncoder.encode(query, java.nio.charset.StandardCharsets.UTF_8));
        try {
            HttpResponse<InputStream> resp = http.send(new HttpSession.Request("GET", uri, Map.of(), null, null));
            byte[] body = HttpSession.drain(resp);
            if (resp.statusCode() != 200) {
                http.debug("error getting search results from v1 endpoint \"" + registry() + "\": "
                        + ErrorResponses.statusError(resp.statusCode(), body, "").getMessage());
                return Optional.empty();
            }
            return Optional.of(body);
        } catch (RegistryException e) {
            http.debug("error getting search results from v1 endpoint \"" + registry() + "\": " + e.getMessage());
            return Optional.empty();
        }
    }

    private List<String> list(String path, String field, List<String> scopes, String what) {
        List<String> out = new ArrayList<>();
        URI uri = http.uri(path);
        for (int page = 0; uri != null; page++) {
            if (page > 10_000) {
                throw new RegistryException(RegistryException.Kind.INVALID, (what.isEmpty() ? "catalog" : what) + ": too many pages");
            }
            HttpResponse<InputStream> resp = http.send(new HttpSession.Request("GET", uri, Map.of("Accept", "application/json"),
                    null, scopes));
            byte[] body = HttpSession.drain(resp);
            if (resp.statusCode() != 200) {
                throw ErrorResponses.statusError(resp.statusCode(), body, what);
            }
            try {
                if (JsonReader.parse(body) instanceof Map<?, ?> doc && doc.get(field) instanceof List<?> items) {
                    for (Object o : items) {
                        if (o instanceof String s) out.add(s);
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new RegistryException(RegistryException.Kind.INVALID, (what.isEmpty() ? "catalog" : what) + ": invalid JSON: " + e.getMessage());
            }
            String next = nextLink(resp.headers().allValues("Link"));
            uri = next == null ? null : http.resolve(uri, next);
        }
        return out;
    }

    /** The target of the {@code rel="next"} link, or null. */
    static String nextLink(List<String> links) {
        for (String header : links) {
            for (String link : header.split(",")) {
                int lt = link.indexOf('<');
                int gt = link.indexOf('>', lt + 1);
                if (lt < 0 || gt < 0) continue;
                String params = link.substring(gt + 1).replace(" ", "").toLowerCase(Locale.ROOT);
                if (params.contains("rel=\"next\"") || params.contains("rel=next")) {
                    return link.substring(lt + 1, gt);
                }
            }
        }
        return null;
    }

    static List<String> pull(String repository) {
        return List.of("repository:" + repository + ":pull");
    }

    static List<String> push(String repository) {
        return List.of("repository:" + repository + ":pull,push");
    }

    @Override
    public void close() {
        http.close();
    }
}
