package io.peapod.registry;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;

/**
 * Connection failures in Go's net/http words, which podman users and scripts know:
 * {@code Get "https://HOST/v2/": dial tcp HOST: connect: connection refused}.
 */
final class TransportErrors {
    private TransportErrors() {}

    static String describe(String method, URI uri, Throwable e) {
        return goMethod(method) + " \"" + uri + "\": " + cause(uri, e);
    }

    /** Whether another attempt may succeed: not for refused connections, unknown hosts or TLS failures. */
    static boolean isTransient(Throwable e) {
        if (unresolved(e)) {
            return false;
        }
        if (e instanceof ConnectException || e instanceof UnknownHostException || e instanceof HttpConnectTimeoutException
                || e instanceof javax.net.ssl.SSLException || e.getCause() instanceof UnresolvedAddressException) {
            return false;
        }
        return e instanceof IOException;
    }

    /** Go names the address it dialled ({@code localhost} → {@code 127.0.0.1}, IPv6 in brackets). */
    private static String dialedAddress(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        String address = bare;
        try {
            address = java.net.InetAddress.getByName(bare).getHostAddress();
        } catch (java.io.IOException | RuntimeException e) {
            // unresolvable now: keep the name
        }
        return address.contains(":") ? "[" + address + "]" : address;
    }

    /** Whether the host name did not resolve (the JDK client wraps that in ConnectExceptions). */
    static boolean unresolved(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return true;
            }
        }
        return false;
    }

    /** The first {@code nameserver} of /etc/resolv.conf as {@code ADDRESS:53}, as Go's resolver reports it; null when none. */
    private static String nameServer() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/etc/resolv.conf"))) {
                String[] f = line.strip().split("\\s+");
                if (f.length >= 2 && f[0].equals("nameserver")) {
                    return f[1].contains(":") ? "[" + f[1] + "]:53" : f[1] + ":53";
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // no resolver configuration: Go would use 127.0.0.1:53, but say nothing rather than guess
        }
        return null;
    }

    private static String goMethod(String method) {
        return method.charAt(0) + method.substring(1).toLowerCase(Locale.ROOT);
    }

    private static String cause(URI uri, Throwable e) {
        String host = uri.getHost();
        int port = uri.getPort() >= 0 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80);
        String msg = String.valueOf(e.getMessage());
        if (unresolved(e)) {
            // Go names the DNS server it asked
            String server = nameServer();
            return "dial tcp: lookup " + host + (server == null ? "" : " on " + server) + ": no such host";
        }
        if (e instanceof ConnectException || msg.contains("Connection refused")) {
            return "dial tcp " + dialedAddress(host) + ":" + port + ": connect: connection refused";
        }
        if (e instanceof HttpTimeoutException) {
            return "net/http: timeout awaiting response headers";
        }
        if (e instanceof javax.net.ssl.SSLException) {
            if (msg.contains("Unsupported or unrecognized SSL message") || msg.contains("plaintext connection")) {
                return "http: server gave HTTP response to HTTPS client";
            }
            if (e instanceof SSLHandshakeException || msg.contains("PKIX") || msg.contains("certificate")) {
                if (msg.contains("No subject alternative") || msg.contains("No name matching")) {
                    return "tls: failed to verify certificate: x509: certificate is not valid for " + host;
                }
                if (msg.contains("PKIX") || msg.contains("unable to find valid certification path")) {
                    return "tls: failed to verify certificate: x509: certificate signed by unknown authority";
                }
            }
            return "tls: " + msg;
        }
        if (msg.contains("EOF") || msg.contains("closed") || msg.contains("header parser received no bytes")) {
            return "EOF";
        }
        if (msg.contains("Connection reset")) {
            return "read tcp: connection reset by peer";
        }
        return msg;
    }
}
