package io.peapod.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A test's view of a container's web server published on 127.0.0.1 (busybox httpd serving /i.html). */
final class LoopbackHttp {
    private LoopbackHttp() {}

    /** A port nothing listens on now. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    /** GET /i.html from 127.0.0.1:port, retried while the server comes up. */
    static String get(int port) throws Exception {
        IOException last = null;
        for (int i = 0; i < 100; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                s.setSoTimeout(5000);
                OutputStream out = s.getOutputStream();
                out.write("GET /i.html HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (!answer.isEmpty()) {
                    return answer;
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no HTTP answer on 127.0.0.1:" + port, last);
    }

    /** Whether nothing answers on 127.0.0.1:port any more (the connection is refused or gets no answer). */
    static boolean refused(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(2000);
            s.getOutputStream().write("GET /i.html HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return s.getInputStream().readAllBytes().length == 0;
        } catch (IOException e) {
            return true;
        }
    }
}
