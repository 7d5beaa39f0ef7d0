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
        md.update(data, 10, 100);
        md.reset();
        assertThat(md.digest(new byte[] {'a', 'b', 'c'})).isEqualTo(jdk.digest(new byte[] {'a', 'b', 'c'}));
    }
}
