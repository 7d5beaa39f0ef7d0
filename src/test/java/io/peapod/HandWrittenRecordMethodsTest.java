package io.peapod;

import io.peapod.engine.NetworkRequest;
import io.peapod.network.EtcFiles;
import io.peapod.state.VolumeRow;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records whose equals and hashCode are written out (the generated ones cost a fresh JVM ~15 ms on first use,
 * see NetworkRequest.PortMapping) must still mean what a record's do: equal exactly when every component is.
 */
class HandWrittenRecordMethodsTest {

    @ParameterizedTest
    @ValueSource(classes = {NetworkRequest.PortMapping.class, NetworkRequest.Attachment.class,
            EtcFiles.HostEntry.class, VolumeRow.class})
    void equalExactlyWhenEveryComponentIs(Class<? extends Record> type) throws Exception {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        Constructor<? extends Record> make = type.getDeclaredConstructor(types);
        Object[] base = Arrays.stream(types).map(t -> sample(t, false)).toArray();
        Record one = make.newInstance(base);
        Record same = make.newInstance(base.clone());
        assertThat(one).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(null).isNotEqualTo("text");
        for (int i = 0; i < components.length; i++) {
            Object[] changed = base.clone();
            changed[i] = sample(types[i], true);
            assertThat(one).as("%s differing in %s", type.getSimpleName(), components[i].getName())
                    .isNotEqualTo(make.newInstance(changed));
        }
    }

    private static Object sample(Class<?> type, boolean other) {
        if (type == String.class) return other ? "b" : "a";
        if (type == int.class) return other ? 2 : 1;
        if (type == long.class) return other ? 2L : 1L;
        if (type == boolean.class) return other;
        if (type == List.class) return List.of(other ? "b" : "a");
        if (type == Map.class) return Map.of("k", other ? "b" : "a");
        throw new AssertionError("no sample value for " + type);
    }
}
