package io.peapod.core;

import io.peapod.build.CopyEntry;
import io.peapod.engine.EngineException;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The URL sources of one ADD, downloaded as buildah 1.28's {@code getURL} does: a GET (redirects followed, as Go's
 * {@code http.Get}), an error status ({@code < 200} or {@code >= 400}) refused, the file named after the URL
 * path's last element, mode 0600, mtime the response's {@code Last-Modified} (the Unix epoch without one), never
 * unpacked even when it is a tar. Each lands in a scratch directory of its own (so names cannot collide) under
 * the build's temporary directory, written while its SHA-256 is computed; the files are then ordinary
 * {@link CopyEntry} sources for {@link BuildLayers#copy}, whose rules already give 0600 (unless {@code
 * --chmod}), the owner ({@code --chown}, else root) and the mtime. {@link #close()} deletes them; the JVM's
 * delete-on-exit list covers a build killed meanwhile, and a failed download removes its file at once, so
 * nothing is left behind.
 */
final class BuildDownloads implements AutoCloseable {
    /** One downloaded URL: the file, its name in the image, its mtime and its content's digest. */
    record Download(String url, Path file, long mtimeSeconds, String sha256) {}

    private final Path dir;
    private final List<Download> downloads = new ArrayList<>();

    private BuildDownloads(Path dir) {
        this.dir = dir;
    }

    /** buildah's test for a remote source. */
    static boolean isUrl(String source) {
        return source.startsWith("http://") || source.startsWith("https://");
    }

    /**
     * Downloads the URLs of an ADD ({@code stepText} frames errors as buildah's step errors, exit 125).
     */
    static BuildDownloads fetch(List<String> urls, String stepText) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(BuildService.tempDir(), "peapod-add-");
        dir.toFile().deleteOnExit();
        BuildDownloads d = new BuildDownloads(dir);
        try {
            HttpClient client = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.ALWAYS)   // Go's client follows any redirect, 10 at most
                    .connectTimeout(Duration.ofSeconds(30))        // Go's default dialer's
                    .version(HttpClient.Version.HTTP_1_1)
                    .proxy(new EnvironmentProxy(System.getenv()))
                    .build();
            for (int i = 0; i < urls.size(); i++) {
                d.downloads.add(d.get(client, urls.get(i), dir.resolve(Integer.toString(i)), stepText));
            }
            return d;
        } catch (IOException | InterruptedException | RuntimeException e) {
            d.close();
            throw e;
        }
    }

    List<Download> downloads() {
        return downloads;
    }

    /** The downloads as COPY entries: named after the URL (target {@code ""} when dest is the file itself). */
    List<CopyEntry> entries(boolean destIsFile) {
        List<CopyEntry> out = new ArrayList<>();
        for (Download d : downloads) {
            out.add(new CopyEntry(d.file(), destIsFile ? "" : d.file().getFileName().toString(), CopyEntry.Type.FILE));
        }
        return out;
    }

    /**
     * What the layer cache must know of the remote content: each URL, its content digest, its name and mtime
     * (which the layer keeps). The content is downloaded on every build for this, as buildah does: a validator
     * (ETag, Last-Modified) is optional and not always honest, a digest is exact.
     */
    String cacheKeyPart() {
        StringBuilder b = new StringBuilder();
        for (Download d : downloads) {
            b.append(" url ").append(d.url()).append(' ').append(d.sha256()).append(' ')
                    .append(d.file().getFileName()).append(' ').append(d.mtimeSeconds());
        }
        return b.toString();
    }

    private Download get(HttpClient client, String url, Path into, String stepText)
            throws IOException, InterruptedException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw failure(stepText, "reading", url, "parse \"" + url + "\": " + e.getReason());
        }
        String name = base(uri.getPath());
        if (name.equals("/") || name.equals(".") || name.equals("..")) {
            // buildah writes the download as a tar member of that name, which its copier cannot put
            throw failure(stepText, "storing", url, "copier: put: error creating \"/\": copier: put: error removing "
                    + "item to be overwritten \"/\": unlinkat .//: device or resource busy");
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(HttpRequest.newBuilder(uri).GET().header("User-Agent", "Go-http-client/1.1").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IllegalArgumentException e) {
            throw failure(stepText, "reading", url, "Get \"" + url + "\": " + e.getMessage());
        } catch (IOException e) {
            throw failure(stepText, "reading", url, "Get \"" + url + "\": " + dialError(uri, e));
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status < 200 || status >= 400) {
                throw failure(stepText, "reading", url, "invalid response status " + status);
            }
            long mtime = 0;   // buildah: the Unix epoch "for compatibility" without a Last-Modified
            String lastModified = response.headers().firstValue("Last-Modified").orElse("");
            if (!lastModified.isEmpty()) {
                try {
                    mtime = ZonedDateTime.parse(lastModified, DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
                } catch (DateTimeParseException e) {
                    throw failure(stepText, "reading", url, "parsing last-modified time: parsing time \"" + lastModified
                            + "\" as \"Mon, 02 Jan 2006 15:04:05 MST\"");
                }
            }
            Files.createDirectory(into);
            into.toFile().deleteOnExit();
            Path file = into.resolve(name);
            file.toFile().deleteOnExit();   // registered after its directory, so deleted before it
            MessageDigest sha = sha256();
            try (OutputStream out = Files.newOutputStream(file)) {
                byte[] buf = new byte[64 * 1024];
                for (int n; (n = body.read(buf)) >= 0; ) {
                    out.write(buf, 0, n);
                    sha.update(buf, 0, n);
                }
            } catch (InterruptedIOException e) {
                Files.deleteIfExists(file);
                throw e;
            } catch (IOException e) {
                Files.deleteIfExists(file);
                // buildah's reader and its copier both fail then: its multierror names both (less the copier's struct dump)
                throw new EngineException("building at STEP \"" + stepText + "\": 2 errors occurred:\n\t* reading \"" + url
                        + "\": writing content from \"" + url + "\" to tar stream: unexpected EOF\n\t* storing \"" + url
                        + "\": copier: put: error creating \"/" + name + "\": copier: put: error writing file \"/" + name
                        + "\": unexpected EOF\n\n");
            }
            Files.setAttribute(file, "unix:mode", 0600, LinkOption.NOFOLLOW_LINKS);
            Files.setLastModifiedTime(file, FileTime.fromMillis(mtime * 1000));
            return new Download(url, file, mtime, HexFormat.of().formatHex(sha.digest()));
        }
    }

    /** Go's {@code path.Base}: the last element, trailing slashes ignored; "." for an empty path. */
    static String base(String path) {
        if (path == null || path.isEmpty()) {
            return ".";
        }
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.equals("/")) {
            return "/";
        }
        return p.substring(p.lastIndexOf('/') + 1);
    }

    /** The connection failure as Go's net package words it, for the common cases. */
    private static String dialError(URI uri, IOException e) {
        int port = uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equals("https") ? 443 : 80;
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof ConnectException)) {
            cause = cause.getCause();
        }
        if (e instanceof HttpConnectTimeoutException) {
            return "dial tcp " + uri.getHost() + ":" + port + ": i/o timeout";
        }
        if (hasCause(e, javax.net.ssl.SSLHandshakeException.class)
                && hasCause(e, java.security.cert.CertPathBuilderException.class)) {
            return "x509: certificate signed by unknown authority";
        }
        if (e instanceof ConnectException || cause instanceof ConnectException) {
            if (hasCause(e, UnresolvedAddressException.class)) {
                return "dial tcp: lookup " + uri.getHost() + ": no such host";
            }
            return "dial tcp " + uri.getHost() + ":" + port + ": connect: connection refused";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * Go's {@code http.ProxyFromEnvironment}: {@code HTTPS_PROXY}/{@code HTTP_PROXY} (or lower case) by scheme,
     * {@code NO_PROXY} (comma-separated hosts or domain suffixes, {@code *} for all), never for localhost or a
     * loopback address. A proxy URL's credentials are not used.
     */
    static final class EnvironmentProxy extends java.net.ProxySelector {
        private final java.util.Map<String, String> env;

        EnvironmentProxy(java.util.Map<String, String> env) {
            this.env = env;
        }

        private String get(String name) {
            String v = env.get(name);
            return v == null || v.isEmpty() ? env.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), "") : v;
        }

        @Override
        public List<java.net.Proxy> select(URI uri) {
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(java.util.Locale.ROOT);
            String proxy = get(uri.getScheme().equals("https") ? "HTTPS_PROXY" : "HTTP_PROXY");
            if (proxy.isEmpty() || host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]")
                    || host.equals("::1") || bypassed(host)) {
                return List.of(java.net.Proxy.NO_PROXY);
            }
            URI p = URI.create(proxy.contains("://") ? proxy : "http://" + proxy);
            int port = p.getPort() >= 0 ? p.getPort() : "https".equals(p.getScheme()) ? 443 : 80;
            return List.of(new java.net.Proxy(java.net.Proxy.Type.HTTP, InetSocketAddress.createUnresolved(p.getHost(), port)));
        }

        private boolean bypassed(String host) {
            for (String entry : get("NO_PROXY").split(",")) {
                String e = entry.strip().toLowerCase(java.util.Locale.ROOT);
                int colon = e.lastIndexOf(':');
                if (colon > 0 && !e.contains("]") && e.indexOf(':') == colon) {
                    e = e.substring(0, colon);   // a port in the entry: matched on the host alone here
                }
                if (e.isEmpty()) {
                    continue;
                }
                if (e.equals("*")) {
                    return true;
                }
                String suffix = e.startsWith(".") ? e : "." + e;
                if ((!e.startsWith(".") && host.equals(e)) || host.endsWith(suffix)) {   // ".d" matches subdomains only
                    return true;
                }
            }
            return false;
        }

        @Override
        public void connectFailed(URI uri, java.net.SocketAddress sa, IOException ioe) {
            // nothing to fall back to: the error is reported as Go reports it
        }
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static EngineException failure(String stepText, String verb, String url, String why) {
        return new EngineException("building at STEP \"" + stepText + "\": " + verb + " \"" + url + "\": " + why);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
