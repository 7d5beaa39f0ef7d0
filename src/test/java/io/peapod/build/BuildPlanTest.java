package io.peapod.build;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ARG/ENV scoping and expansion per stage, FROM resolution and the stages a --target needs. */
class BuildPlanTest {
    private static final Platform AMD64 = Platform.parse("linux/amd64");
    private static final Platform ARM_V7 = Platform.parse("linux/arm/v7");

    private static BuildOptions options(Map<String, String> buildArgs) {
        return new BuildOptions(buildArgs, ARM_V7, AMD64);
    }

    /** Plans and runs the expansion of every needed stage (each from an empty base env), one line each. */
    private static List<String> expand(String containerfile, Map<String, String> buildArgs, String target)
            throws DockerfileException {
        return expand(DockerfileParser.parse("Containerfile", containerfile).plan(options(buildArgs), target), Map.of());
    }

    private static List<String> expand(BuildPlan plan, Map<String, String> baseEnv) throws DockerfileException {
        List<String> out = new ArrayList<>();
        for (int i : plan.needed()) {
            BuildPlan.ResolvedStage rs = plan.stages().get(i);
            out.add(rs.stage().from().source().line() + " FROM " + Render.q(rs.image())
                    + rs.baseStage().map(b -> " stage=" + b).orElse("")
                    + (rs.platform() != null ? " platform=" + Render.q(rs.platform()) : ""));
            StageScope scope = plan.scope(i, baseEnv);
            for (Instruction in : rs.stage().instructions()) {
                out.add(Render.line(scope.expand(in)));
            }
        }
        return out;
    }

    @Test
    void globalArgsAreForFromLinesAndForStagesThatRedeclareThem() throws DockerfileException {
        String df = """
                ARG BASE=alpine
                ARG TAG=3.18
                FROM ${BASE}:${TAG} AS one
                LABEL base=$BASE tag=${TAG:-none}
                ARG TAG
                LABEL tag2=$TAG
                RUN echo $TAG
                """;
        assertThat(expand(df, Map.of(), null)).containsExactly(
                "3 FROM \"alpine:3.18\"",
                "4 LABEL \"base\"=\"\" \"tag\"=\"none\"",
                "5 ARG \"TAG\"=\"3.18\"",
                "6 LABEL \"tag2\"=\"3.18\"",
                "7 RUN shell [\"echo $TAG\"]");
        assertThat(expand(df, Map.of("TAG", "edge"), null)).containsExactly(
                "3 FROM \"alpine:edge\"",
                "4 LABEL \"base\"=\"\" \"tag\"=\"none\"",
                "5 ARG \"TAG\"=\"edge\"",
                "6 LABEL \"tag2\"=\"edge\"",
                "7 RUN shell [\"echo $TAG\"]");
    }

    @Test
    void globalArgsSeeEarlierOnesAndBuildArgs() throws DockerfileException {
        BuildPlan plan = DockerfileParser.parse("Containerfile", """
                ARG REG=docker.io
                ARG IMG=$REG/library/alpine UNSET
                FROM $IMG
                """).plan(options(Map.of("REG", "localhost:5000")), null);
        assertThat(plan.stages().getFirst().image()).isEqualTo("localhost:5000/library/alpine");
        assertThat(plan.globalArgs()).containsEntry("IMG", "localhost:5000/library/alpine").containsEntry("UNSET", null);
    }

    @Test
    void envWinsOverArgAndOneInstructionSeesTheValuesFromBeforeIt() throws DockerfileException {
        assertThat(expand("""
                FROM scratch
                ARG V=arg
                ENV V=env
                ARG V=arg2
                LABEL v=$V
                ENV a=1
                ENV a=2 b=$a
                ARG x=1
                ARG x=2 y=$x
                LABEL a=$a b=$b y=$y
                """, Map.of(), null)).containsExactly(
                "1 FROM \"scratch\"",
                "2 ARG \"V\"=\"arg\"",
                "3 ENV \"V\"=\"env\"",
                "4 ARG \"V\"=\"arg2\"",
                "5 LABEL \"v\"=\"env\"",
                "6 ENV \"a\"=\"1\"",
                "7 ENV \"a\"=\"2\" \"b\"=\"1\"",
                "8 ARG \"x\"=\"1\"",
                "9 ARG \"x\"=\"2\" \"y\"=\"1\"",
                "10 LABEL \"a\"=\"2\" \"b\"=\"1\" \"y\"=\"1\"");
    }

    @Test
    void theBaseImageEnvironmentTakesPartAndIsExtended() throws DockerfileException {
        BuildPlan plan = DockerfileParser.parse("Containerfile", """
                FROM alpine
                ENV PATH=/usr/local/bin:$PATH
                WORKDIR $HOME/app
                USER ${USER:-nobody}
                """).plan(options(Map.of()), null);
        Map<String, String> base = new LinkedHashMap<>();
        base.put("PATH", "/bin");
        base.put("HOME", "/root");
        assertThat(expand(plan, base)).containsExactly(
                "1 FROM \"alpine\"",
                "2 ENV \"PATH\"=\"/usr/local/bin:/bin\"",
                "3 WORKDIR \"/root/app\"",
                "4 USER \"nobody\"");
        StageScope scope = plan.scope(0, base);
        for (Instruction i : plan.stages().getFirst().stage().instructions()) {
            scope.expand(i);
        }
        assertThat(scope.env()).containsExactly(Map.entry("PATH", "/usr/local/bin:/bin"), Map.entry("HOME", "/root"));
    }

    @Test
    void platformArgsAreGlobalButInsideAStageOnlyOnceDeclared() throws DockerfileException {
        assertThat(expand("""
                FROM --platform=$BUILDPLATFORM golang:1.21-$TARGETOS AS build
                LABEL before=${TARGETARCH:-unset}
                ARG TARGETARCH TARGETVARIANT TARGETPLATFORM BUILDARCH
                LABEL arch=$TARGETARCH variant=$TARGETVARIANT platform=$TARGETPLATFORM build=$BUILDARCH
                """, Map.of(), null)).containsExactly(
                "1 FROM \"golang:1.21-linux\" platform=\"linux/amd64\"",
                "2 LABEL \"before\"=\"unset\"",
                "3 ARG \"TARGETARCH\"=\"arm\" \"TARGETVARIANT\"=\"v7\" \"TARGETPLATFORM\"=\"linux/arm/v7\" \"BUILDARCH\"=\"amd64\"",
                "4 LABEL \"arch\"=\"arm\" \"variant\"=\"v7\" \"platform\"=\"linux/arm/v7\" \"build\"=\"amd64\"");
    }

    @Test
    void buildArgsOverrideDefaultsAndUnusedOnesAreReported() throws DockerfileException {
        BuildPlan plan = DockerfileParser.parse("Containerfile", """
                ARG G
                FROM scratch
                ARG X=default
                ARG U
                LABEL x=$X u=${U-unset} u2=${U:-empty}
                """).plan(options(Map.of("X", "cli", "G", "g", "UNUSED", "1", "HTTP_PROXY", "http://p:3128")), null);
        assertThat(expand(plan, Map.of())).containsExactly(
                "2 FROM \"scratch\"",
                "3 ARG \"X\"=\"cli\"",
                "4 ARG \"U\"",
                "5 LABEL \"x\"=\"cli\" \"u\"=\"unset\" \"u2\"=\"empty\"");
        assertThat(plan.unusedBuildArgs()).containsExactly("UNUSED");
        StageScope scope = plan.scope(0, Map.of("PATH", "/bin"));
        for (Instruction i : plan.stages().getFirst().stage().instructions()) {
            scope.expand(i);
        }
        assertThat(scope.runEnvironment()).containsExactly(Map.entry("HTTP_PROXY", "http://p:3128"), Map.entry("X", "cli"),
                Map.entry("PATH", "/bin"));
        assertThat(scope.lookup("HTTP_PROXY")).as("proxy args are not for expansion").isNull();
    }

    @Test
    void argsDoNotLeakIntoTheNextStage() throws DockerfileException {
        assertThat(expand("""
                FROM scratch AS a
                ARG X=1
                ENV Y=2
                FROM scratch
                COPY --from=a /x /x
                LABEL x=$X y=$Y
                """, Map.of(), null)).containsExactly(
                "1 FROM \"scratch\"",
                "2 ARG \"X\"=\"1\"",
                "3 ENV \"Y\"=\"2\"",
                "4 FROM \"scratch\"",
                "5 COPY [\"/x\"] -> \"/x\" from=\"a\"",
                "6 LABEL \"x\"=\"\" \"y\"=\"\"");
    }

    @Test
    void expandsCopyAddAndMountsButNotRunCmdOrHeredocsWithQuotedDelimiters() throws DockerfileException {
        assertThat(expand("""
                FROM scratch
                ARG SRC=dir UID=1000 STAGE=build CACHE=/cache VAL=v PORTS="8080 8443"
                COPY --chown=${UID}:0 --chmod=${MODE:-0644} ["$SRC/a b", "/dst/"]
                COPY "$SRC"/x\\ y $SRC/'$z' /d/
                ADD --checksum=$SUM https://x/$SRC.tar /
                RUN --mount=type=cache,target=$CACHE,id=$SRC echo $CACHE
                CMD echo $SRC
                EXPOSE ${PORT:-80}/tcp $PORTS
                VOLUME ["/$SRC"]
                STOPSIGNAL ${SIG:-SIGQUIT}
                COPY <<EOF /conf
                key=$VAL "q" \\$HOME
                EOF
                COPY <<"EOF" /raw
                key=$VAL
                EOF
                ONBUILD RUN echo $SRC
                """, Map.of(), null)).containsExactly(
                "1 FROM \"scratch\"",
                "2 ARG \"SRC\"=\"dir\" \"UID\"=\"1000\" \"STAGE\"=\"build\" \"CACHE\"=\"/cache\" \"VAL\"=\"v\" \"PORTS\"=\"8080 8443\"",
                "3 COPY [\"dir/a b\"] -> \"/dst/\" chown=\"1000:0\" chmod=\"0644\"",
                // the shell form splits at every blank, escaped or not (Docker's: paths with blanks need JSON form)
                "4 COPY [\"dir/x\", \"y\", \"dir/$z\"] -> \"/d/\"",
                "5 ADD [\"https://x/dir.tar\"] -> \"/\" checksum=\"\"",
                "6 RUN shell [\"echo $CACHE\"] mount(cache target=\"/cache\" rw id=\"dir\" sharing=\"shared\")",
                "7 CMD shell [\"echo $SRC\"]",
                "8 EXPOSE [\"80/tcp\", \"8080\", \"8443\"]",
                "9 VOLUME [\"/dir\"]",
                "10 STOPSIGNAL \"SIGQUIT\"",
                "11 COPY [] -> \"/conf\" <<EOF \"key=v \\\"q\\\" $HOME\\n\"",
                "14 COPY [] -> \"/raw\" <<EOF noexpand \"key=$VAL\\n\"",
                "17 ONBUILD \"RUN echo $SRC\" => RUN shell [\"echo $SRC\"]");
    }

    @Test
    void expansionErrorsNameTheStep() throws DockerfileException {
        BuildPlan plan = DockerfileParser.parse("/c/Containerfile", "FROM scratch\nWORKDIR ${DIR:?set DIR}\n")
                .plan(options(Map.of()), null);
        StageScope scope = plan.scope(0, Map.of());
        Instruction workdir = plan.stages().getFirst().stage().instructions().getFirst();
        assertThatThrownBy(() -> scope.expand(workdir)).isInstanceOf(DockerfileException.class)
                .hasMessage("building at STEP \"WORKDIR ${DIR:?set DIR}\": DIR: set DIR")
                .satisfies(e -> assertThat(((DockerfileException) e).located()).isEqualTo("/c/Containerfile:2: DIR: set DIR"));
    }

    private static final String STAGES = """
            FROM alpine AS base
            FROM base AS build
            RUN make
            FROM golang AS tools
            FROM scratch AS unused
            FROM alpine AS final
            ARG TOOLS=tools
            COPY --from=build /out /out
            RUN --mount=type=bind,from=$TOOLS,target=/t true
            COPY --from=0 /x /x
            COPY --from=docker.io/library/busybox /bin/sh /sh
            FROM final AS other
            """;

    @Test
    void theTargetNeedsOnlyTheStagesItUses() throws DockerfileException {
        Dockerfile df = DockerfileParser.parse("Containerfile", STAGES);
        BuildPlan last = df.plan(options(Map.of()), null);
        assertThat(last.target()).isEqualTo(5);
        assertThat(last.needed()).containsExactly(0, 1, 2, 4, 5);
        BuildPlan fin = df.plan(options(Map.of()), "FINAL");
        assertThat(fin.target()).isEqualTo(4);
        assertThat(fin.needed()).containsExactly(0, 1, 2, 4);
        assertThat(fin.stages().get(4).dependsOn()).containsExactly(0, 1, 2);
        assertThat(df.plan(options(Map.of()), "build").needed()).containsExactly(0, 1);
        assertThat(df.plan(options(Map.of()), "unused").needed()).containsExactly(3);
        assertThat(df.plan(options(Map.of("TOOLS", "golang:1.21")), "final").needed()).containsExactly(0, 1, 4);
        assertThat(fin.stages().get(1).baseStage()).contains(0);
        assertThat(fin.stages().get(1).image()).isEqualTo("base");
        assertThat(fin.stages().get(3).scratch()).isTrue();
    }

    @Test
    void fromNamesOnlyEarlierStagesElseAnImage() throws DockerfileException {
        Dockerfile df = DockerfileParser.parse("Containerfile", STAGES);
        assertThat(BuildPlan.resolveFrom(df, 4, "Build")).isEqualTo(new BuildPlan.FromRef.StageRef(1));
        assertThat(BuildPlan.resolveFrom(df, 4, "3")).isEqualTo(new BuildPlan.FromRef.StageRef(3));
        assertThat(BuildPlan.resolveFrom(df, 4, "docker.io/library/busybox"))
                .isEqualTo(new BuildPlan.FromRef.ImageRef("docker.io/library/busybox"));
        assertThat(BuildPlan.resolveFrom(df, 4, "final")).as("itself").isEqualTo(new BuildPlan.FromRef.ImageRef("final"));
        assertThat(BuildPlan.resolveFrom(df, 0, "build")).as("a later stage").isEqualTo(new BuildPlan.FromRef.ImageRef("build"));
        assertThat(BuildPlan.resolveFrom(df, 0, "0")).isEqualTo(new BuildPlan.FromRef.ImageRef("0"));
        Source at = df.stages().get(4).instructions().get(1).source();
        assertThat(BuildPlan.noStageOrImage(at, "COPY", "nope").getMessage())
                .isEqualTo("COPY --from=nope: no stage or image found with that name");
        assertThat(df.stage("tools", df.stages().size())).map(Stage::index).contains(2);
    }

    @Test
    void aRepeatedStageNameMeansTheLatestOneBeforeTheUse() throws DockerfileException {
        Dockerfile df = DockerfileParser.parse("Containerfile", """
                FROM alpine AS x
                FROM busybox AS x
                FROM scratch
                COPY --from=x /a /a
                """);
        BuildPlan plan = df.plan(options(Map.of()), null);
        assertThat(plan.needed()).containsExactly(1, 2);
        assertThat(df.plan(options(Map.of()), "x").target()).isEqualTo(1);
    }

    @Test
    void onbuildTriggersOfABaseImageParse() throws DockerfileException {
        assertThat(Render.instruction(DockerfileParser.parseTrigger("busybox", "COPY --chown=1:1 . /app")))
                .isEqualTo("COPY [\".\"] -> \"/app\" chown=\"1:1\"");
        assertThatThrownBy(() -> DockerfileParser.parseTrigger("busybox", "FROM x"))
                .hasMessage("building at STEP \"FROM x\": FROM isn't allowed as an ONBUILD trigger");
    }

    @Test
    void runScriptsApplyHeredocsAsBuildKitDoes() throws DockerfileException {
        Dockerfile df = DockerfileParser.parse("Containerfile", """
                FROM scratch
                RUN <<EOF
                echo one
                EOF
                RUN cat <<A >/a && cat <<-B >/b
                a
                A
                \tb
                \tB
                RUN <<EOF
                #!/usr/bin/env python3
                print(1)
                EOF
                RUN echo plain
                RUN ["echo", "exec"]
                """);
        List<Instruction.Run> runs = df.stages().getFirst().instructions().stream()
                .map(Instruction.Run.class::cast).toList();
        assertThat(runs.get(0).script()).isEqualTo("echo one\n");
        assertThat(runs.get(0).shebangScript()).isFalse();
        assertThat(runs.get(1).script()).isEqualTo("cat <<A >/a && cat <<-B >/b\na\nA\nb\nB");
        assertThat(runs.get(2).shebangScript()).isTrue();
        assertThat(runs.get(3).script()).isEqualTo("echo plain");
        assertThat(runs.get(4).script()).isNull();
        assertThat(runs.get(4).command().argv(List.of("/bin/sh", "-c"))).containsExactly("echo", "exec");
        assertThat(runs.get(3).command().argv(List.of("/bin/sh", "-c"))).containsExactly("/bin/sh", "-c", "echo plain");
    }

    @Test
    void healthcheckTestsAreTheImageConfigsForm() throws DockerfileException {
        Dockerfile df = DockerfileParser.parse("Containerfile", """
                FROM scratch
                HEALTHCHECK --interval=1m CMD ["/bin/check", "-q"]
                """);
        Instruction.Healthcheck h = (Instruction.Healthcheck) df.stages().getFirst().instructions().getFirst();
        assertThat(h.test()).containsExactly("CMD", "/bin/check", "-q");
        assertThat(h.interval()).hasMinutes(1);
        assertThat(h.keyword()).isEqualTo("HEALTHCHECK");
    }

    @Test
    void aTypicalMultiStageFile() throws DockerfileException {
        String df = """
                # syntax=docker/dockerfile:1
                ARG GO_VERSION=1.21
                ARG APP=server

                FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-alpine AS build
                ARG TARGETOS TARGETARCH APP
                WORKDIR /src
                COPY go.mod go.sum ./
                RUN --mount=type=cache,target=/go/pkg/mod \\
                    go mod download
                COPY . .
                RUN --mount=type=cache,target=/root/.cache/go-build \\
                    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/$APP ./cmd/$APP

                FROM gcr.io/distroless/static AS final
                ARG APP
                COPY --from=build --chown=65532:65532 /out/${APP} /app
                USER 65532
                EXPOSE 8080
                HEALTHCHECK --interval=10s CMD ["/app", "-health"]
                ENTRYPOINT ["/app"]
                """;
        BuildPlan plan = DockerfileParser.parse("Containerfile", df).plan(options(Map.of("APP", "api")), null);
        assertThat(plan.dockerfile().syntax()).isEqualTo("docker/dockerfile:1");
        assertThat(plan.unusedBuildArgs()).isEmpty();
        assertThat(expand(plan, Map.of("PATH", "/usr/local/go/bin:/usr/bin"))).containsExactly(
                "5 FROM \"golang:1.21-alpine\" platform=\"linux/amd64\"",
                "6 ARG \"TARGETOS\"=\"linux\" \"TARGETARCH\"=\"arm\" \"APP\"=\"api\"",
                "7 WORKDIR \"/src\"",
                "8 COPY [\"go.mod\", \"go.sum\"] -> \"./\"",
                "9 RUN shell [\"go mod download\"] mount(cache target=\"/go/pkg/mod\" rw sharing=\"shared\")",
                "11 COPY [\".\"] -> \".\"",
                "12 RUN shell [\"CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/$APP ./cmd/$APP\"]"
                        + " mount(cache target=\"/root/.cache/go-build\" rw sharing=\"shared\")",
                "15 FROM \"gcr.io/distroless/static\"",
                "16 ARG \"APP\"=\"api\"",
                "17 COPY [\"/out/api\"] -> \"/app\" from=\"build\" chown=\"65532:65532\"",
                "18 USER \"65532\"",
                "19 EXPOSE [\"8080\"]",
                "20 HEALTHCHECK [\"CMD\", \"/app\", \"-health\"] interval=PT10S",
                "21 ENTRYPOINT exec [\"/app\"]");
        assertThat(plan.needed()).containsExactly(0, 1);
    }
}
