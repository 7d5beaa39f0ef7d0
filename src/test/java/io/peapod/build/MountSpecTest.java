package io.peapod.build;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RUN --mount values (Go's CSV, BuildKit's defaults) and HEALTHCHECK's Go durations. */
class MountSpecTest {
    @Test
    void aQuotedCsvFieldMayHoldCommas() throws MountSpec.InvalidMount {
        MountSpec m = MountSpec.parse("type=bind,\"source=a,b\",target=/t,readonly=false", v -> v);
        assertThat(m.source()).isEqualTo("a,b");
        assertThat(m.readOnly()).isFalse();
        assertThat(MountSpec.csv("a,\"b\"\"c\",")).containsExactly("a", "b\"c", "");
        assertThatThrownBy(() -> MountSpec.csv("\"open")).hasMessage("extraneous or missing \" in quoted-field");
    }

    @Test
    void defaultsOfIdsAndTargets() throws MountSpec.InvalidMount {
        MountSpec cache = MountSpec.parse("type=cache,target=/root/.m2", v -> v);
        assertThat(cache.effectiveId()).isEqualTo("/root/.m2");
        assertThat(cache.sharing()).isEqualTo("shared");
        MountSpec secret = MountSpec.parse("type=secret,id=npmrc", v -> v);
        assertThat(secret.effectiveTarget()).isEqualTo("/run/secrets/npmrc");
        assertThat(MountSpec.parse("type=secret,target=/etc/token", v -> v).effectiveId()).isEqualTo("token");
        assertThat(MountSpec.parse("type=ssh", v -> v).effectiveId()).isEqualTo("default");
        assertThat(MountSpec.parse("type=TMPFS,target=/t,size=1.5g", v -> v).size()).isEqualTo(1610612736L);
    }

    @Test
    void refusesWhatBuildKitRefuses() {
        assertThatThrownBy(() -> MountSpec.parse("type=bind,target=/t,required", v -> v))
                .hasMessage("unexpected key 'required' for mount type 'bind'");
        assertThatThrownBy(() -> MountSpec.parse("type=bind,target=/t,size=1m", v -> v))
                .hasMessage("unexpected key 'size' for mount type 'bind'");
        assertThatThrownBy(() -> MountSpec.parse("type=cache,target=/t,uid=x", v -> v)).hasMessage("invalid value x for uid");
        assertThatThrownBy(() -> MountSpec.parse("type=cache,target=/t,mode=9", v -> v)).hasMessage("invalid value 9 for mode");
        assertThatThrownBy(() -> MountSpec.parse("type=cache,target=/t,sharing=all", v -> v))
                .hasMessage("unsupported sharing value \"all\"");
        assertThatThrownBy(() -> MountSpec.parse("type=secret,source=a,id=b", v -> v)).hasMessage("both source and id can't be set");
        assertThatThrownBy(() -> MountSpec.parse("type=secret", v -> v)).hasMessage("invalid secret mount. one of source, target required");
        assertThatThrownBy(() -> MountSpec.parse("type=cache,target=/t,ro=maybe", v -> v)).hasMessage("invalid value for ro: maybe");
        assertThatThrownBy(() -> MountSpec.parse("type=cache,target=/t,shared", v -> v))
                .hasMessage("invalid field 'shared' must be a key=value pair");
    }

    @Test
    void goDurations() {
        assertThat(GoDuration.parse("1h2m3.5s")).isEqualTo(Duration.ofHours(1).plusMinutes(2).plusMillis(3500));
        assertThat(GoDuration.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(GoDuration.parse("1.5us")).isEqualTo(Duration.ofNanos(1500));
        assertThat(GoDuration.parse("0")).isEqualTo(Duration.ZERO);
        assertThat(GoDuration.parse("-2s")).isEqualTo(Duration.ofSeconds(-2));
        assertThatThrownBy(() -> GoDuration.parse("1d")).hasMessage("time: unknown unit \"d\" in duration \"1d\"");
        assertThatThrownBy(() -> GoDuration.parse("")).hasMessage("time: invalid duration \"\"");
        assertThatThrownBy(() -> GoDuration.parse("s")).hasMessage("time: invalid duration \"s\"");
    }
}
