package io.peapod.core.conmon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peapod.core.conmon.K8sFileLog.Line;
import io.peapod.core.conmon.K8sFileLog.Stream;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class K8sFileLogTest {
    @TempDir Path tmp;

    @Test
    void fullLinesKeepStreamTimestampAndSpaces() {
        List<Line> lines = K8sFileLog.parse("""
                2026-11-23T13:03:17.123456789+00:00 stdout F hello  world
                2026-11-23T13:03:18.000000001+01:00 stderr F oops
                """);
        assertThat(lines).containsExactly(
                new Line(OffsetDateTime.parse("2026-11-23T13:03:17.123456789+00:00"), Stream.STDOUT, "hello  world", false),
                new Line(OffsetDateTime.parse("2026-11-23T13:03:18.000000001+01:00"), Stream.STDERR, "oops", false));
        assertThat(lines.getFirst().timestamp().getNano()).isEqualTo(123456789);
    }

    @Test
    void partialPiecesJoinPerStreamEvenWhenInterleaved() {
        List<Line> lines = K8sFileLog.parse("""
                2026-11-23T13:03:17.1+00:00 stdout P abc
                2026-11-23T13:03:17.2+00:00 stderr F err
                2026-11-23T13:03:17.3+00:00 stdout P def
                2026-11-23T13:03:17.4+00:00 stdout F ghi
                """);
        assertThat(lines).extracting(Line::stream, Line::text, Line::partial).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Stream.STDERR, "err", false),
                org.assertj.core.groups.Tuple.tuple(Stream.STDOUT, "abcdefghi", false));
        assertThat(lines.get(1).timestamp()).isEqualTo(OffsetDateTime.parse("2026-11-23T13:03:17.1+00:00"));
    }

    @Test
    void emptyLinesAndUnfinishedTail() {
        List<Line> lines = K8sFileLog.parse("""
                2026-11-23T13:03:17Z stdout F
                2026-11-23T13:03:17Z stdout F\s
                2026-11-23T13:03:18Z stdout P no newline yet""");
        assertThat(lines).extracting(Line::text, Line::partial).containsExactly(
                org.assertj.core.groups.Tuple.tuple("", false),
                org.assertj.core.groups.Tuple.tuple("", false),
                org.assertj.core.groups.Tuple.tuple("no newline yet", true));
    }

    @Test
    void malformedLinesAreErrors() {
        assertThatThrownBy(() -> K8sFileLog.parse("garbage\n")).isInstanceOf(ConmonException.class);
        assertThatThrownBy(() -> K8sFileLog.parse("2026-11-23T13:03:17Z stdin F x\n")).isInstanceOf(ConmonException.class);
        assertThatThrownBy(() -> K8sFileLog.parse("2026-11-23T13:03:17Z stdout X x\n")).isInstanceOf(ConmonException.class);
        assertThatThrownBy(() -> K8sFileLog.parse("yesterday stdout F x\n")).isInstanceOf(ConmonException.class);
    }

    @Test
    void missingFileHasNoLines() {
        assertThat(K8sFileLog.read(tmp.resolve("none.log"))).isEmpty();
    }
}
