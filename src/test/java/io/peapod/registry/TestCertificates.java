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
