package io.peapod.core.conmon;

import io.peapod.sys.SeqpacketSocket;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A connection to conmon's attach socket ({@code <bundle>/attach}, SOCK_SEQPACKET, with --full-attach).
 *
 * <p>conmon's protocol (conmon's ctr_stdio.c and conn_sock.c, libpod's oci_conmon_attach): every packet
 * conmon sends is one byte naming the stream (conmon's stdpipe_t: 2 stdout, 3 stderr; with a terminal
 * everything is stdout) followed by at most STDIO_BUF_SIZE (8192) bytes of output. What we send is the
 * container's stdin, as it is, without a header. When we shut our side down, conmon closes the
 * container's stdin (for {@code -i} containers; a terminal's input stays open for the next attach).
 * Window size changes go through the {@code ctl} fifo beside the socket.
 */
public final class AttachSocket implements AutoCloseable {
    public static final int STDOUT = 2, STDERR = 3;
    /** The largest packet conmon sends: its STDIO_BUF_SIZE plus the stream byte. */
    public static final int MAX_PACKET = 8192 + 1;

    private final SeqpacketSocket socket;
    private final Path ctl;

    private AttachSocket(SeqpacketSocket socket, Path ctl) {
        this.socket = socket;
        this.ctl = ctl;
    }

    /** Connects to the attach socket conmon serves in {@code bundleDir}. */
    public static AttachSocket connect(Path bundleDir) {
        return new AttachSocket(SeqpacketSocket.connect(bundleDir.resolve("attach")), bundleDir.resolve("ctl"));
    }

    /** One packet of output into {@code buf} (at least {@link #MAX_PACKET} long); 0 once conmon closed the connection. */
    public int receive(byte[] buf) {
        return socket.receive(buf);
    }

    /** Bytes for the container's stdin. */
    public void sendStdin(byte[] buf, int off, int len) {
        socket.send(buf, off, len);
    }

    /** Our stdin ended: conmon closes the container's (unless it has a terminal). */
    public void closeStdin() {
        socket.shutdownOutput();
    }

    /** Ends the connection; a {@link #receive} blocked in another thread returns 0. */
    public void hangUp() {
        socket.shutdownBoth();
    }

    /** Tells conmon the terminal's new size, which it sets on the container's pty (TIOCSWINSZ). */
    public void resize(int rows, int columns) throws IOException {
        // conmon's ctl message: "TYPE HEIGHT WIDTH\n", type 1 being a window resize.
        Files.write(ctl, ("1 " + rows + " " + columns + "\n").getBytes(StandardCharsets.US_ASCII),
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    @Override
    public void close() {
        socket.close();
    }
}
