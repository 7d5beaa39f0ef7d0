package io.peapod.network;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written IPv4 parsing and Go time text against the JDK's own, and Go's refusals. */
class CidrAndTimeTest {
    @Test
    void ipv4IsParsedAsGoParsesItAndFormattedBack() throws Exception {
        for (String ok : List.of("10.88.0.1", "0.0.0.0", "255.255.255.255", "192.168.10.200", "1.2.3.4")) {
            assertThat(Cidr.parseIp(ok)).as(ok).containsExactly(InetAddress.getByName(ok).getAddress());
            assertThat(Cidr.format(Cidr.parseIp(ok))).isEqualTo(ok);
        }
        for (String bad : List.of("", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1..2.3", "1.2.3.4.", ".1.2.3",
                "1.2.3.1000", "a.b.c.d", "1.2.3.-4", "1.2.3.4 ")) {
            assertThat(Cidr.parseIp(bad)).as("'%s'", bad).isNull();
        }
        assertThat(Cidr.parse("10.88.7.9/16").toString()).isEqualTo("10.88.0.0/16");
        assertThat(Cidr.parseIp("fd00::1")).hasSize(16);
    }

    @Test
    void goTimeDropsTrailingZerosOfTheFractionAsRfc3339NanoDoes() {
        DateTimeFormatter reference = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.nnnnnnnnn");
        for (OffsetDateTime t : List.of(OffsetDateTime.of(2026, 12, 7, 18, 5, 9, 123_456_789, ZoneOffset.UTC),
                OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 120_000_000, ZoneOffset.UTC),
                OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC),
                OffsetDateTime.of(999, 10, 20, 23, 59, 59, 1, ZoneOffset.ofHours(2)))) {
            String expected = t.format(reference).replaceAll("0+$", "").replaceAll("\\.$", "")
                    + (t.getOffset().getId().equals("Z") ? "Z" : t.getOffset().getId());
            assertThat(NetworkStore.goTime(t)).isEqualTo(expected);
        }
        assertThat(NetworkStore.goTime(OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC))).isEqualTo("2026-01-02T03:04:05Z");
    }
}
