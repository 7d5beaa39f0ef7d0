package io.peapod.registry;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/**
 * TLS for one registry as containers/image sets it up: the system's CAs plus every {@code *.crt}
 * in the registry's certificate directory, and a client certificate from a {@code NAME.cert} /
 * {@code NAME.key} pair there. The directory is {@code --cert-dir} when given, else the first
 * existing {@code ROOT/HOST:PORT} of {@code ~/.config/containers/certs.d},
 * {@code /etc/containers/certs.d}, {@code /etc/docker/certs.d}. Insecure registries get a trust
 * manager that checks nothing (not even the host name), as Go's InsecureSkipVerify.
 */
public final class TlsSetup {
    private static final Path SYSTEM_BUNDLE = Path.of("/etc/ssl/certs/ca-certificates.crt");

    private TlsSetup() {}

    public static List<Path> defaultCertsDirRoots() {
        List<Path> roots = new ArrayList<>();
        String home = System.getenv("HOME");   // as Go's homedir.Get; user.home is the passwd entry
        if (home == null || home.isEmpty()) {
            home = System.getProperty("user.home");
        }
        if (home != null && !home.isEmpty()) {
            roots.add(Path.of(home, ".config/containers/certs.d"));
        }
        roots.add(Path.of("/etc/containers/certs.d"));
        roots.add(Path.of("/etc/docker/certs.d"));
        return List.copyOf(roots);
    }

    /** The certificate directory for {@code hostPort}, or null when there is none. */
    public static Path certificateDirectory(String hostPort, RegistryOptions options) {
        if (options.certDir() != null) {
            return options.certDir();
        }
        for (Path root : options.certsDirRoots()) {
            Path dir = root.resolve(hostPort);
            if (Files.isDirectory(dir)) {
                return dir;
            }
        }
        return null;
    }

    /** The SSL context for {@code hostPort}; a {@link RegistryException} names a bad certificate file. */
    static SSLContext context(String hostPort, RegistryOptions options) {
        Path dir = certificateDirectory(hostPort, options);
        try {
            List<Path> files = list(dir);
            KeyManager[] keys = clientKeys(files);
            TrustManager[] trust;
            if (options.insecure()) {
                trust = new TrustManager[] {new TrustEverything()};
            } else {
                KeyStore cas = KeyStore.getInstance(KeyStore.getDefaultType());
                cas.load(null, null);
                int n = 0;
                if (Files.isReadable(SYSTEM_BUNDLE)) {
                    n = addCertificates(cas, SYSTEM_BUNDLE, n);
                }
                for (Path f : files) {
                    if (f.getFileName().toString().endsWith(".crt")) {
                        n = addCertificates(cas, f, n);
                    }
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(n == 0 ? null : cas);   // no bundle and no certs.d: the JDK's own CAs
                trust = tmf.getTrustManagers();
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keys, trust, null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new RegistryException(RegistryException.Kind.TRANSPORT,
                    "reading certificates for " + hostPort + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();   // containers/image ignores a missing directory
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static int addCertificates(KeyStore store, Path file, int n) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + n++, c);
            }
        }
        return n;
    }

    /** {@code NAME.cert} with {@code NAME.key}: containers/image's rules and error texts for a half pair. */
    private static KeyManager[] clientKeys(List<Path> files) throws IOException, GeneralSecurityException {
        KeyStore store = null;
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.endsWith(".cert")) {
                Path key = f.resolveSibling(name.substring(0, name.length() - 5) + ".key");
                if (!Files.exists(key)) {
                    throw new IOException("missing key " + key.getFileName() + " for client certificate " + name
                            + ". Note that CA certificates should use the extension .crt");
                }
                if (store == null) {
                    store = KeyStore.getInstance(KeyStore.getDefaultType());
                    store.load(null, null);
                }
                List<Certificate> chain;
                try (InputStream in = Files.newInputStream(f)) {
                    chain = new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
                }
                X509Certificate leaf = (X509Certificate) chain.getFirst();
                store.setKeyEntry(name, privateKey(key, leaf.getPublicKey().getAlgorithm()), new char[0],
                        chain.toArray(new Certificate[0]));
            } else if (name.endsWith(".key")) {
                Path cert = f.resolveSibling(name.substring(0, name.length() - 4) + ".cert");
                if (!Files.exists(cert)) {
                    throw new IOException("missing client certificate " + cert.getFileName() + " for key " + name);
                }
            }
        }
        if (store == null) {
            return null;
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, new char[0]);
        return kmf.getKeyManagers();
    }

    /** A PEM PKCS#8 key ({@code BEGIN PRIVATE KEY}, what openssl 3 writes). */
    private static PrivateKey privateKey(Path file, String algorithm) throws IOException, GeneralSecurityException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IOException("client key " + file.getFileName() + ": only PKCS#8 PEM keys (BEGIN PRIVATE KEY) are supported;"
                    + " convert it with openssl pkcs8 -topk8 -nocrypt");
        }
        String body = pem.substring(pem.indexOf("-----BEGIN PRIVATE KEY-----") + 27, pem.indexOf("-----END PRIVATE KEY-----"));
        byte[] der = Base64.getMimeDecoder().decode(body);
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    /**
     * Accepts any certificate for any host. Being an X509ExtendedTrustManager, JSSE leaves the host
     * name check to it too, which is what InsecureSkipVerify means.
     */
    private static final class TrustEverything extends X509ExtendedTrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) { }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }
}
