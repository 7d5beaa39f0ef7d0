package io.peapod.build;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Tricky Containerfiles and what the parser makes of them (before expansion): one line per instruction,
 * "LINE KEYWORD details" (see {@link Render}). Expected results follow BuildKit's parser and podman 4.3.1.
 */
class DockerfileParserTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("stages, exec and shell form, AS lower-cased", """
                        FROM alpine:3.18 AS Build
                        RUN echo hi
                        CMD ["sh", "-c", "echo hi"]
                        FROM scratch
                        """, """
                        1 FROM "alpine:3.18" AS "build"
                        2 RUN shell ["echo hi"]
                        3 CMD exec ["sh", "-c", "echo hi"]
                        4 FROM "scratch\""""),
                arguments("keywords are case-insensitive, AS too", """
                        from scratch as X
                        run echo
                        Copy a b
                        """, """
                        1 FROM "scratch" AS "x"
                        2 RUN shell ["echo"]
                        3 COPY ["a"] -> "b\""""),
                arguments("continuations drop comments and empty lines; leading blanks kept", """
                        FROM scratch
                        RUN echo a \\
                        # a comment inside
                          && echo b \\

                            && echo c
                           # an indented comment
                        LABEL x=y
                        """, """
                        1 FROM "scratch"
                        2 RUN shell ["echo a   && echo b     && echo c"]
                        8 LABEL "x"="y\""""),
                arguments("blanks after the escape still continue; a continuation at the end of the file ends it", """
                        FROM scratch
                        RUN a \\\t\s
                          b
                        RUN c \\""", """
                        1 FROM "scratch"
                        2 RUN shell ["a   b"]
                        4 RUN shell ["c"]"""),
                arguments("# escape=` makes ` the continuation and \\ literal", """
                        # escape=`
                        FROM scratch
                        COPY a `
                             b /dst/
                        RUN dir c:\\windows\\
                        ENV p=c:\\temp q=a``b
                        """, """
                        # escape=`
                        2 FROM "scratch"
                        3 COPY ["a", "b"] -> "/dst/"
                        5 RUN shell ["dir c:\\\\windows\\\\"]
                        6 ENV "p"="c:\\\\temp" "q"="a``b\""""),
                arguments("directives: case-insensitive names, syntax kept", """
                        #Syntax = docker/dockerfile:1.4
                        # ESCAPE = `
                        FROM scratch
                        """, """
                        # escape=` syntax=docker/dockerfile:1.4
                        3 FROM "scratch\""""),
                arguments("a directive after a comment, a blank line or an unknown directive is a comment", """
                        # hello
                        # escape=`
                        FROM scratch
                        RUN a \\
                         b
                        """, """
                        3 FROM "scratch"
                        4 RUN shell ["a  b"]"""),
                arguments("unknown directive ends the directives", """
                        # foo=bar
                        # escape=`
                        FROM scratch
                        """, """
                        3 FROM "scratch\""""),
                arguments("# inside a line is not a comment", """
                        FROM scratch
                        RUN echo # not a comment
                          # comment line
                        """, """
                        1 FROM "scratch"
                        2 RUN shell ["echo # not a comment"]"""),
                arguments("JSON: spaces, escapes, not-JSON falls back to shell form, trailing text ignored", """
                        FROM scratch
                        CMD [ "a b" , "c" ]
                        CMD ["a", 'b']
                        ENTRYPOINT ["a"] trailing
                        RUN ["echo", "\\u0041\\n\\t\\"q\\""]
                        CMD []
                        CMD
                        ENTRYPOINT [not json
                        SHELL ["/bin/bash", "-o", "pipefail", "-c"]
                        """, """
                        1 FROM "scratch"
                        2 CMD exec ["a b", "c"]
                        3 CMD shell ["[\\"a\\", 'b']"]
                        4 ENTRYPOINT exec ["a"]
                        5 RUN exec ["echo", "A\\n\\t\\"q\\""]
                        6 CMD exec []
                        7 CMD shell []
                        8 ENTRYPOINT shell ["[not json"]
                        9 SHELL ["/bin/bash", "-o", "pipefail", "-c"]"""),
                arguments("ENV and LABEL: pairs with quotes and escapes kept for expansion, legacy form", """
                        FROM scratch
                        ENV a=b c="d e" f=g\\ h
                        ENV PATH /usr/local/bin:$PATH
                        ENV x y  z
                        LABEL "com.example.vendor"="ACME Inc" version=1.0 description="multi \\
                        line" empty=
                        LABEL legacy value here
                        """, """
                        1 FROM "scratch"
                        2 ENV "a"="b" "c"="\\"d e\\"" "f"="g\\\\ h"
                        3 ENV "PATH"="/usr/local/bin:$PATH"
                        4 ENV "x"="y  z"
                        5 LABEL "\\"com.example.vendor\\""="\\"ACME Inc\\"" "version"="1.0" "description"="\\"multi line\\"" "empty"=""
                        7 LABEL "legacy"="value here\""""),
                arguments("ARG: several names, defaults as written; global ARGs before FROM", """
                        ARG BASE=alpine
                        ARG TAG
                        FROM $BASE:${TAG:-latest}
                        ARG a b=2 c="3 4"
                        """, """
                        1 ARG "BASE"="alpine"
                        2 ARG "TAG"
                        3 FROM "$BASE:${TAG:-latest}"
                        4 ARG "a" "b"="2" "c"="\\"3 4\\"\""""),
                arguments("other instructions", """
                        FROM scratch
                        EXPOSE 80/tcp  443 ${PORT}
                        VOLUME ["/data", "/logs"]
                        VOLUME /a /b
                        USER 1000:1000
                        WORKDIR /app dir
                        STOPSIGNAL SIGTERM
                        MAINTAINER Jane <j@example.com>
                        """, """
                        1 FROM "scratch"
                        2 EXPOSE ["80/tcp", "443", "${PORT}"]
                        3 VOLUME ["/data", "/logs"]
                        4 VOLUME ["/a", "/b"]
                        5 USER "1000:1000"
                        6 WORKDIR "/app dir"
                        7 STOPSIGNAL "SIGTERM"
                        8 MAINTAINER "Jane <j@example.com>\""""),
                arguments("ONBUILD keeps the trigger text and parses it", """
                        FROM scratch
                        ONBUILD RUN echo hi
                        onbuild copy --from=x a b
                        """, """
                        1 FROM "scratch"
                        2 ONBUILD "RUN echo hi" => RUN shell ["echo hi"]
                        3 ONBUILD "copy --from=x a b" => COPY ["a"] -> "b" from="x\""""),
                arguments("HEALTHCHECK options, NONE, exec form", """
                        FROM scratch
                        HEALTHCHECK --interval=30s --timeout=1m30s --start-period=1.5s --retries=3 CMD curl -f http://x/ || exit 1
                        HEALTHCHECK none
                        HEALTHCHECK CMD ["true"]
                        HEALTHCHECK --start-interval=500ms cmd true
                        """, """
                        1 FROM "scratch"
                        2 HEALTHCHECK ["CMD-SHELL", "curl -f http://x/ || exit 1"] interval=PT30S timeout=PT1M30S start-period=PT1.5S retries=3
                        3 HEALTHCHECK ["NONE"]
                        4 HEALTHCHECK ["CMD", "true"]
                        5 HEALTHCHECK ["CMD-SHELL", "true"] start-interval=PT0.5S"""),
                arguments("flags: values, quotes in flags, booleans, platform", """
                        FROM --platform=$BUILDPLATFORM golang AS b
                        COPY --from=b --chown=1000:1000 --chmod=0755 --link src/ /app/
                        COPY --chown="a b" --link=false x y
                        ADD --checksum=sha256:abc --keep-git-dir=true https://x/y.git /src
                        COPY -- --notaflag /d
                        """, """
                        1 FROM "golang" AS "b" platform="$BUILDPLATFORM"
                        2 COPY ["src/"] -> "/app/" from="b" chown="1000:1000" chmod="0755" link
                        3 COPY ["x"] -> "y" chown="a b"
                        4 ADD ["https://x/y.git"] -> "/src" checksum="sha256:abc" keep-git-dir
                        5 COPY ["--notaflag"] -> "/d\""""),
                arguments("RUN --mount records with BuildKit's defaults, --network, --security", """
                        FROM scratch
                        RUN --network=none --mount=type=cache,target=/root/.cache,id=gocache,sharing=locked --mount=type=secret,id=tok go build
                        RUN --mount=target=/src,source=.,rw --mount=type=tmpfs,dst=/tmp,size=64m --security=insecure true
                        RUN --mount=type=secret,target=/run/s/tok,required --mount=type=cache,target=/c,mode=0700,uid=1,gid=2,ro --mount="type=bind,from=b,src=/x,target=/y" true
                        """, """
                        1 FROM "scratch"
                        2 RUN shell ["go build"] mount(cache target="/root/.cache" rw id="gocache" sharing="locked") mount(secret ro id="tok") network=none
                        3 RUN shell ["true"] mount(bind source="." target="/src" rw) mount(tmpfs target="/tmp" rw size=67108864) security=insecure
                        4 RUN shell ["true"] mount(secret target="/run/s/tok" ro required) mount(cache target="/c" ro sharing="shared" mode="700" uid=1 gid=2) mount(bind from="b" source="/x" target="/y" ro)"""),
                arguments("heredocs: RUN, <<- tab stripping, quoted delimiters, several on a line, COPY sources", """
                        FROM scratch
                        RUN <<EOF
                        echo hello
                        echo $HOME
                        EOF
                        RUN <<-EOT bash
                        \techo tab
                        \t\tEOT
                        RUN cat <<A > /a && cat <<"B" > /b
                        a $x
                        A
                        b $x
                        B
                        COPY <<EOF /etc/conf
                        key=$VAL
                        EOF
                        COPY <<'one' <<two x /dir/
                        1
                        one
                        2
                        two
                        RUN 3<<E cat <&3
                        E
                        LABEL after=heredocs
                        RUN ["echo", "<<EOF"]
                        """, """
                        1 FROM "scratch"
                        2 RUN shell ["<<EOF"] <<EOF "echo hello\\necho $HOME\\n"
                        6 RUN shell ["<<-EOT bash"] <<EOT chomp "echo tab\\n"
                        9 RUN shell ["cat <<A > /a && cat <<\\"B\\" > /b"] <<A "a $x\\n" <<B noexpand "b $x\\n"
                        14 COPY [] -> "/etc/conf" <<EOF "key=$VAL\\n"
                        17 COPY ["x"] -> "/dir/" <<one noexpand "1\\n" <<two "2\\n"
                        22 RUN shell ["3<<E cat <&3"] <<3:E ""
                        24 LABEL "after"="heredocs"
                        25 RUN exec ["echo", "<<EOF"]"""),
                arguments("a lone escape character continues into the next instruction, which starts there", """
                        FROM scratch
                          \\
                        # c

                        LABEL a=b
                        """, """
                        1 FROM "scratch"
                        2 LABEL "a"="b\""""),
                arguments("a lone escape character at the end continues into nothing", "FROM scratch\n\\\n\n", """
                        1 FROM "scratch\""""),
                arguments("byte order mark and CRLF line ends", "\uFEFFFROM scratch\r\nRUN a \\\r\n b\r\n", """
                        1 FROM "scratch"
                        2 RUN shell ["a  b"]"""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void parses(String name, String containerfile, String expected) throws DockerfileException {
        assertThat(Render.dockerfile(DockerfileParser.parse("Containerfile", containerfile))).isEqualTo(expected);
    }
}
