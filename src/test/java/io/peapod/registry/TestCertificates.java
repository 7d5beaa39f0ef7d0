package io.peapod.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A CA and a server certificate for 127.0.0.1/localhost, made with the openssl CLI for one test run. */
final class TestCertificates {
    private TestCertificates() {}

    /** Writes {@code ca.crt}, {@code ca.key}, {@code server.crt} and {@code server.key} into {@code dir}. */
    static void makeServerCertificate(Path dir) throws IOException {
        ca(dir, "ca", "peapod-test-ca");
        signed(dir, "server", "127.0.0.1", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
    }

    /** An SSL context serving {@code server.crt}/{@code server.key} of {@code dir} (made by {@link #makeServerCertificate}). */
    static javax.net.ssl.SSLContext serverContext(Path dir) throws Exception {
        String pem = Files.readString(dir.resolve("server.key"));
        byte[] der = java.util.Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        java.security.PrivateKey key = java.security.KeyFactory.getInstance("EC")
                .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(der));
        java.security.cert.Certificate cert;
        try (var in = Files.newInputStream(dir.resolve("server.crt"))) {
            cert = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", key, new char[0], new java.security.cert.Certificate[] {cert});
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
                javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    /** A self-signed CA {@code NAME.crt}/{@code NAME.key} (EC P-256, fast to make). */
    static void ca(Path dir, String name, String subject) throws IOException {
        RegistryServer.run(dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-keyout", name + ".key", "-out", name + ".crt", "-days", "2", "-subj", "/CN=" + subject);
    }

    /** {@code NAME.crt}/{@code NAME.key} signed by {@code ca.crt}, with the given v3 extensions. */
    static void signed(Path dir, String name, String subject, String extensions) throws IOException {
        RegistryServer.run(dir, "openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + subject);
        Files.writeString(dir.resolve(name + ".ext"), extensions);
        RegistryServer.run(dir, "openssl", "x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                "-CAcreateserial", "-out", name + ".crt", "-days", "2", "-extfile", name + ".ext");
    }
}
