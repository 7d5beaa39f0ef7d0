package io.peapod.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

/**
 * One blob download (see {@link RegistryClient#blob}). Every byte goes through the hasher and is
 * counted on its way to the sink; more bytes than announced stop the download at once. When the
 * connection breaks (or the body ends early) the next attempt asks for the rest with
 * {@code Range: bytes=N-}; a registry that answers 206 from N continues the same hash, one that
 * answers 200 sends everything again and the sink is reset first.
 */
final class BlobDownload {
    private static final int BUFFER = 64 << 10;

    private final HttpSession http;
    private final String registry;
    private final String repository;
    private final String digest;
    private final long size;
    private final BlobSink sink;
    private final List<String> scopes;
    private final String what;

    BlobDownload(HttpSession http, String registry, String repository, String digest, long size, BlobSink sink,
                 List<String> scopes) {
        this.http = http;
        this.registry = registry;
        this.repository = repository;
        this.digest = digest;
        this.size = size;
        this.sink = sink;
        this.scopes = scopes;
        this.what = "reading blob " + digest;
    }

    void run() {
        boolean committed = false;
        try {
            download();
            try {
                sink.commit();
            } catch (IOException e) {
                throw new RegistryException(RegistryException.Kind.LOCAL, "storing blob " + digest + ": " + e.getMessage(), e);
            }
            committed = true;
        } finally {
            if (!committed) {
                sink.discard();
            }
        }
    }

    private void download() {
        URI uri = http.uri("/v2/" + repository + "/blobs/" + digest);
        MessageDigest md = Digests.hasher(digest);
        long received = 0;
        RegistryOptions options = http.options();
        long delay = options.backoff().toMillis();
        RegistryException last = null;
        local(() -> sink.reset());
        for (int attempt = 0; ; attempt++) {
            if (attempt > 0) {
                if (attempt > options.retries()) {
                    throw last;
                }
                http.debug("retrying " + uri + " from byte " + received + " in " + delay + " ms after: " + last.getMessage());
                sleep(delay);
                delay *= 2;
            }
            Map<String, String> headers = received > 0 ? Map.of("Range", "bytes=" + received + "-") : Map.of();
            HttpResponse<InputStream> resp;
            try {
                resp = http.send(new HttpSession.Request("GET", uri, headers, null, scopes));
            } catch (RegistryException e) {
                throw e.within(what);
            }
            int status = resp.statusCode();
            if (status == 206 && received > 0 && resumesAt(resp, received)) {
                http.debug("resuming " + digest + " at byte " + received);
            } else if (status == 200) {
                if (received > 0) {
                    http.debug("the registry ignored the range request: downloading " + digest + " again from 0");
                    local(() -> sink.reset());
                    md.reset();
                    received = 0;
                }
            } else if (status == 416 && received > 0) {
                HttpSession.drain(resp);
                throw new RegistryException(RegistryException.Kind.INVALID, what + " from " + registry + "/" + repository
                        + ": the blob has " + received + " bytes, expected " + size);
            } else {
                byte[] body = HttpSession.drain(resp);
                // containers/image's words: "Error fetching blob: invalid status code from registry 404 (Not Found)".
                RegistryException e = status == 401 ? ErrorResponses.toException(status, body).within(what)
                        : new RegistryException(ErrorResponses.kind(status), what + ": Error fetching blob: invalid status code from registry "
                        + status + " (" + ErrorResponses.reason(status) + ")");
                if (!HttpSession.isTransientStatus(status)) {
                    throw e;
                }
                last = e;
                continue;
            }
            IdleWatchdog watchdog = null;
            try (InputStream in = resp.body()) {
                watchdog = new IdleWatchdog(in, options.idleTimeout());
                byte[] buf = new byte[BUFFER];
                int n;
                while ((n = in.read(buf)) > 0) {
                    watchdog.progress();
                    if (size >= 0 && received + n > size) {
                        throw new RegistryException(RegistryException.Kind.INVALID, what + " from " + registry + "/" + repository
                                + ": the registry sent more than the expected " + size + " bytes");
                    }
                    md.update(buf, 0, n);
                    final int len = n;
                    local(() -> sink.write(buf, 0, len));
                    received += n;
                }
            } catch (IOException e) {
                boolean silent = watchdog != null && watchdog.fired();
                last = new RegistryException(RegistryException.Kind.TRANSPORT, what + ": " + (silent
                        ? "no data from " + uri.getAuthority() + " for " + options.idleTimeout().toSeconds() + " s"
                        : TransportErrors.describe("GET", uri, e)), e);
                if (!silent && !TransportErrors.isTransient(e)) {
                    throw last;
                }
                continue;
            } finally {
                if (watchdog != null) {
                    watchdog.close();
                }
            }
            if (size >= 0 && received < size) {
                last = new RegistryException(RegistryException.Kind.TRANSPORT, what + " from " + registry + "/" + repository
                        + ": unexpected EOF after " + received + " of " + size + " bytes");
                continue;
            }
            break;
        }
        String actual = Digests.format(md);
        if (!actual.equals(digest)) {
            throw new RegistryException(RegistryException.Kind.INVALID, what + " from " + registry + "/" + repository
                    + ": Digest did not match, expected " + digest + ", got " + actual);
        }
    }

    /** Whether a 206 answer's {@code Content-Range: bytes N-...} starts where we stopped. */
    private static boolean resumesAt(HttpResponse<?> resp, long offset) {
        String range = resp.headers().firstValue("Content-Range").orElse("");
        return range.startsWith("bytes " + offset + "-");
    }

    private interface LocalWrite {
        void run() throws IOException;
    }

    private void local(LocalWrite op) {
        try {
            op.run();
        } catch (IOException e) {
            throw new RegistryException(RegistryException.Kind.LOCAL, "storing blob " + digest + ": " + e.getMessage(), e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(RegistryException.Kind.TRANSPORT, "interrupted");
        }
    }
}
