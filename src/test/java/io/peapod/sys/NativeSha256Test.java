package io.peapod.sys;

import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class NativeSha256Test {
    @Test
    void libcryptoIsThereAndGivesTheJdksDigestsForAnySplitOfTheInput() throws Exception {
        MessageDigest jdk = MessageDigest.getInstance("SHA-256", "SUN");
        assertThat(NativeSha256.install()).as("libcrypto.so.3 (Debian's libssl3) loads").isTrue();
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        assertThat(md.getProvider().getName()).isEqualTo("PeapodLibcrypto");

        // the empty input, a known answer
        assertThat(HexFormat.of().formatHex(md.digest()))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

        byte[] data = new byte[1_000_003];
        new Random(11).nextBytes(data);
        Random cuts = new Random(5);
        for (int round = 0; round < 5; round++) {
            int off = 0;
            while (off < data.length) {
                int n = Math.min(data.length - off, cuts.nextInt(70_000));
                if (n == 1) {
                    md.update(data[off]);
                } else {
                    md.update(data, off, n);
                }
                off += n;
            }
            // digest() resets: every round starts afresh
            assertThat(md.digest()).isEqualTo(jdk.digest(data));
        }
        // short messages stay with the JDK until they grow past SMALL: on either side of the switch
        for (int n : new int[] {NativeSha256.SMALL - 1, NativeSha256.SMALL, NativeSha256.SMALL + 1, 3000}) {
            MessageDigest fresh = MessageDigest.getInstance("SHA-256");
            for (int round = 0; round < 2; round++) {   // the second round after digest() reset it
                fresh.update(data, 0, n / 2);
                fresh.update(data, n / 2, n - n / 2);
                assertThat(fresh.digest()).as("%d bytes", n).isEqualTo(jdk.digest(java.util.Arrays.copyOf(data, n)));
            }
        }
        md.update(data, 10, 100);
        md.reset();
        assertThat(md.digest(new byte[] {'a', 'b', 'c'})).isEqualTo(jdk.digest(new byte[] {'a', 'b', 'c'}));
    }
}
