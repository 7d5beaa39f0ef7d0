package io.peapod.build;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Containerfiles podman refuses: the message (podman 4.3.1's, checked against `podman build` where it has
 * one; BuildKit's otherwise) and the line it points at. Parsing and planning (FROM expansion, --target).
 */
class DockerfileErrorsTest {
    private static final String F = "/ctx/Containerfile";

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("FROM scratch\nFOO bar\n", 2, "building at STEP \"FOO bar\": Build error: Unknown instruction: \"FOO\""),
                arguments("RUN echo hi\n", 1, "no FROM statement found"),
                arguments("ARG A\n", 0, "no FROM statement found"),
                arguments("# comment\n\n", 0, "building: no stages to build"),
                arguments("FROM scratch\nENV a\n", 2, "parsing main Dockerfile: " + F + ": ENV must have two arguments"),
                arguments("FROM scratch\nLABEL a\n", 2, "parsing main Dockerfile: " + F + ": LABEL must have two arguments"),
                arguments("FROM scratch\nENV a=b c\n", 2, "parsing main Dockerfile: " + F
                        + ": Syntax error - can't find = in \"c\". Must be of the form: name=value"),
                arguments("FROM scratch\nENV\n", 2, "building at STEP \"ENV\": ENV requires at least one argument"),
                arguments("FROM\n", 1, "FROM requires either one argument, or three: FROM <source> [as <name>]"),
                arguments("FROM scratch foo bar\n", 1, "FROM requires either one argument, or three: FROM <source> [as <name>]"),
                arguments("FROM --foo=1 scratch\n", 1, "FROM only supports the --platform flag"),
                arguments("# escape=x\nFROM scratch\n", 1, "parsing main Dockerfile: " + F + ": invalid ESCAPE 'x'. Must be ` or \\"),
                arguments("# escape=`\n# escape=\\\nFROM scratch\n", 2, "parsing main Dockerfile: " + F
                        + ": only one escape parser directive can be used"),
                arguments("FROM scratch\nONBUILD ONBUILD RUN x\n", 2, "building at STEP \"ONBUILD ONBUILD RUN x\": "
                        + "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"),
                arguments("FROM scratch\nONBUILD from x\n", 2, "building at STEP \"ONBUILD from x\": FROM isn't allowed as an ONBUILD trigger"),
                arguments("FROM scratch\nONBUILD\n", 2, "building at STEP \"ONBUILD\": ONBUILD requires at least one argument"),
                arguments("FROM scratch\nCOPY --foo=bar /a /b\n", 2, "building at STEP \"COPY --foo=bar /a /b\": COPY only supports "
                        + "the --chmod=<permissions> --chown=<uid:gid> --from=<image|stage> and the --link flags"),
                arguments("FROM scratch\nCOPY --chown a b\n", 2, "building at STEP \"COPY --chown a b\": COPY only supports "
                        + "the --chmod=<permissions> --chown=<uid:gid> --from=<image|stage> and the --link flags"),
                arguments("FROM scratch\nCOPY --link=maybe a b\n", 2, "building at STEP \"COPY --link=maybe a b\": "
                        + "expecting boolean value for flag link, not: maybe"),
                arguments("FROM scratch\nCOPY --from=a --from=b a b\n", 2, "building at STEP \"COPY --from=a --from=b a b\": "
                        + "duplicate flag specified: from"),
                arguments("FROM scratch\nCOPY a\n", 2, "building at STEP \"COPY a\": COPY requires at least one argument"),
                arguments("FROM scratch\nCOPY <<EOF <<EOF\nx\nEOF\ny\nEOF\n", 2,
                        "building at STEP \"COPY <<EOF <<EOF\": COPY cannot accept a heredoc as a destination"),
                arguments("FROM scratch\nADD --foo=1 a b\n", 2, "building at STEP \"ADD --foo=1 a b\": ADD only supports the "
                        + "--chmod=<permissions> --chown=<uid:gid> --checksum=<digest> --keep-git-dir and the --link flags"),
                arguments("FROM scratch\nRUN --foo=1 true\n", 2, "building at STEP \"RUN --foo=1 true\": "
                        + "RUN only supports the --mount, --network and --security flags"),
                arguments("FROM scratch\nRUN\n", 2, "building at STEP \"RUN\": RUN requires at least one argument"),
                arguments("FROM scratch\nRUN --mount=type=foo true\n", 2, "building at STEP \"RUN --mount=type=foo true\": invalid mount type \"foo\""),
                arguments("FROM scratch\nRUN --mount=type=bind true\n", 2, "building at STEP \"RUN --mount=type=bind true\": must set volume destination"),
                arguments("FROM scratch\nRUN --mount=type=tmpfs,target=/t,mode=0700 true\n", 2,
                        "building at STEP \"RUN --mount=type=tmpfs,target=/t,mode=0700 true\": mode not allowed for \"tmpfs\" type mounts"),
                arguments("FROM scratch\nRUN --mount=type=bind,target=/t,sharing=locked true\n", 2,
                        "building at STEP \"RUN --mount=type=bind,target=/t,sharing=locked true\": invalid cache sharing set for bind mount"),
                arguments("FROM scratch\nRUN --mount=type=secret,from=x,id=a true\n", 2,
                        "building at STEP \"RUN --mount=type=secret,from=x,id=a true\": secret mount should not have a from"),
                arguments("FROM scratch\nRUN --mount=type=cache,target=/c,color=red true\n", 2,
                        "building at STEP \"RUN --mount=type=cache,target=/c,color=red true\": unexpected key 'color' in 'color=red'"),
                arguments("FROM scratch\nRUN --network=bridge true\n", 2, "building at STEP \"RUN --network=bridge true\": "
                        + "unsupported network mode \"bridge\""),
                arguments("FROM scratch\nCMD [\"a\", 1]\n", 2, "parsing main Dockerfile: " + F
                        + ": when using JSON array syntax, arrays must be comprised of strings only"),
                arguments("FROM scratch\nCMD --x=1 [\"a\", 1]\n", 2, "parsing main Dockerfile: " + F
                        + ": when using JSON array syntax, arrays must be comprised of strings only"),
                arguments("FROM scratch\nSTOPSIGNAL\n", 2, "building at STEP \"STOPSIGNAL\": STOPSIGNAL requires exactly one argument"),
                arguments("FROM scratch\nWORKDIR\n", 2, "building at STEP \"WORKDIR\": WORKDIR requires exactly one argument"),
                arguments("FROM scratch\nEXPOSE\n", 2, "building at STEP \"EXPOSE\": EXPOSE requires at least one argument"),
                arguments("FROM scratch\nVOLUME [\"\"]\n", 2, "building at STEP \"VOLUME [\"\"]\": VOLUME specified can not be an empty string"),
                arguments("FROM scratch\nARG\n", 2, "building at STEP \"ARG\": ARG requires at least one argument"),
                arguments("FROM scratch\nHEALTHCHECK\n", 2, "building at STEP \"HEALTHCHECK\": HEALTHCHECK requires at least one argument"),
                arguments("FROM scratch\nHEALTHCHECK FOO\n", 2, "building at STEP \"HEALTHCHECK FOO\": Unknown type \"FOO\" in HEALTHCHECK (try CMD)"),
                arguments("FROM scratch\nHEALTHCHECK --interval=x CMD true\n", 2,
                        "building at STEP \"HEALTHCHECK --interval=x CMD true\": time: invalid duration \"x\""),
                arguments("FROM scratch\nHEALTHCHECK --interval=5 CMD true\n", 2,
                        "building at STEP \"HEALTHCHECK --interval=5 CMD true\": time: missing unit in duration \"5\""),
                arguments("FROM scratch\nHEALTHCHECK --timeout=1us CMD true\n", 2,
                        "building at STEP \"HEALTHCHECK --timeout=1us CMD true\": Interval \"timeout\" cannot be less than 1ms"),
                arguments("FROM scratch\nHEALTHCHECK --retries=-1 CMD true\n", 2,
                        "building at STEP \"HEALTHCHECK --retries=-1 CMD true\": --retries cannot be negative (-1)"),
                arguments("FROM scratch\nHEALTHCHECK --foo=1 CMD true\n", 2,
                        "building at STEP \"HEALTHCHECK --foo=1 CMD true\": flag provided but not defined: -foo"),
                arguments("FROM scratch\nHEALTHCHECK NONE x\n", 2, "building at STEP \"HEALTHCHECK NONE x\": HEALTHCHECK NONE takes no arguments"),
                arguments("FROM scratch\nHEALTHCHECK CMD\n", 2, "building at STEP \"HEALTHCHECK CMD\": Missing command after HEALTHCHECK CMD"),
                arguments("FROM scratch\nSHELL a\n", 2, "building at STEP \"SHELL a\": SHELL requires the arguments to be in JSON form"),
                arguments("FROM scratch\nENV --x=1 a=b\n", 2, "building at STEP \"ENV --x=1 a=b\": unknown flag: x"),
                arguments("FROM scratch\nRUN <<EOF\necho\n", 2, "parsing main Dockerfile: " + F + ": unterminated heredoc"),
                // podman's parser errors come before any step error, whatever their order in the file
                arguments("FROM scratch\nFOO\nENV a\n", 3, "parsing main Dockerfile: " + F + ": ENV must have two arguments"),
                arguments("FROM scratch\nFOO\nBAR\n", 2, "building at STEP \"FOO\": Build error: Unknown instruction: \"FOO\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refuses(String containerfile, int line, String message) {
        DockerfileException e = catchThrowableOfType(DockerfileException.class, () -> DockerfileParser.parse(F, containerfile));
        assertThat(e).as("no error for %s", containerfile).isNotNull();
        assertThat(e.getMessage()).isEqualTo(message);
        assertThat(e.line()).isEqualTo(line);
        assertThat(e.file()).isEqualTo(F);
    }

    static Stream<Arguments> planCases() {
        return Stream.of(
                arguments("FROM ${X:?nobase}\n", null, 1, "building at STEP \"FROM ${X:?nobase}\": X: nobase"),
                arguments("FROM $UNSET\n", null, 1, "determining starting point for build: no FROM statement found"),
                arguments("FROM ${X\n", null, 1, "building at STEP \"FROM ${X\": missing ':' in substitution"),
                arguments("FROM scratch AS a\n", "nope", 0, "The target \"nope\" was not found in the provided Dockerfile"));
    }

    @ParameterizedTest(name = "{0} --target {1}")
    @MethodSource("planCases")
    void refusesToPlan(String containerfile, String target, int line, String message) throws DockerfileException {
        Dockerfile df = DockerfileParser.parse(F, containerfile);
        DockerfileException e = catchThrowableOfType(DockerfileException.class,
                () -> df.plan(new BuildOptions(Map.of(), Platform.parse("linux/amd64"), Platform.parse("linux/amd64")), target));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).isEqualTo(message);
        assertThat(e.line()).isEqualTo(line);
    }
}
