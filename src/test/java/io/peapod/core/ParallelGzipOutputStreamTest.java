package io.peapod.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ParallelGzipOutputStreamTest {
    private static final int B = ParallelGzipOutputStream.BLOCK;

    /** Text-like data (compressible, with matches across block borders) mixed with random runs. */
    private static byte[] data(int size, long seed) {
        Random r = new Random(seed);
        byte[] out = new byte[size];
        String words = "layer overlay whiteout manifest digest registry blob config ";
        for (int i = 0; i < size; i++) {
            out[i] = (i / 4096) % 3 == 2 ? (byte) r.nextInt() : (byte) words.charAt((i * 7 + i / 61) % words.length());
        }
        return out;
    }

    private static byte[] gzip(byte[] input, int threads, int writeSize) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(sink, Deflater.DEFAULT_COMPRESSION, threads)) {
            for (int off = 0; off < input.length; off += writeSize) {
                gz.write(input, off, Math.min(writeSize, input.length - off));
            }
        }
        return sink.toByteArray();
    }

    private static byte[] gzipWithIsal(byte[] input, int threads, int writeSize) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (ParallelGzipOutputStream gz = ParallelGzipOutputStream.withIsal(sink, threads)) {
            for (int off = 0; off < input.length; off += writeSize) {
                gz.write(input, off, Math.min(writeSize, input.length - off));
            }
        }
        return sink.toByteArray();
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 100, 32 * 1024 - 1, B - 1, B, B + 1, 3 * B + 17, 5_000_000})
    void roundTripsThroughTheJdkReader(int size) throws IOException {
        byte[] input = data(size, size);
        assertThat(gunzip(gzip(input, 3, 8192))).isEqualTo(input);
        assertThat(gunzip(gzip(input, 1, 1_000_003))).isEqualTo(input);
    }

    /** ISA-L (libisal2, which setup.sh installs) in place of zlib: the same stream format. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 100, 32 * 1024 - 1, B - 1, B, B + 1, 3 * B + 17, 5_000_000})
    void isalBlocksRoundTripThroughTheJdkReader(int size) throws IOException {
        byte[] input = data(size, size);
        assertThat(gunzip(gzipWithIsal(input, 3, 8192))).isEqualTo(input);
        assertThat(gunzip(gzipWithIsal(input, 1, 1_000_003))).isEqualTo(input);
    }

    @Test
    void isalCompressesWithinAFewPercentOfZlibAndGzipAcceptsIt(@TempDir Path dir) throws Exception {
        byte[] input = data(4_000_000, 9);
        byte[] isal = gzipWithIsal(input, 2, 65536);
        ByteArrayOutputStream single = new ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(single)) {
            gz.write(input);
        }
        assertThat((double) isal.length).isLessThan(single.size() * 1.10);
        assertThat(gzipWithIsal(input, 1, 1)).isEqualTo(isal);   // deterministic whatever the threads and writes
        Path file = dir.resolve("isal.gz");
        Files.write(file, isal);
        Process p = new ProcessBuilder("gzip", "-t", file.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
    }

    @Test
    void singleByteWritesGiveTheSameStream() throws IOException {
        byte[] input = data(2 * B + 5, 7);
        assertThat(gzip(input, 2, 1)).isEqualTo(gzip(input, 2, 65536));
    }

    @Test
    void compressesAboutAsWellAsOneThread(@TempDir Path dir) throws Exception {
        byte[] input = data(4_000_000, 3);
        byte[] parallel = gzip(input, 2, 65536);
        ByteArrayOutputStream single = new ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(single)) {
            gz.write(input);
        }
        // the preset dictionaries keep matches across block borders: within 2% of zlib's own size
        assertThat((double) parallel.length).isLessThan(single.size() * 1.02);
        // and the system's gzip, a reader of its own, accepts the stream and its CRC and length
        Path file = dir.resolve("x.gz");
        Files.write(file, parallel);
        Process p = new ProcessBuilder("gzip", "-t", file.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
    }
}
