package io.peapod.core;

import io.peapod.engine.EngineException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** search's pure parts: filters with libimage's errors, the v1 answer. */
class ImageSearchTest {
    @Test
    void filtersAsLibimageParsesThem() {
        assertThat(ImageSearch.parseFilter(List.of())).isEqualTo(new ImageSearch.Filter(0, null, null));
        assertThat(ImageSearch.parseFilter(List.of("stars=3", "is-automated", "is-official=false")))
                .isEqualTo(new ImageSearch.Filter(3, true, false));
        // anything but "false" means true, as in podman
        assertThat(ImageSearch.parseFilter(List.of("is-official=no")).official()).isTrue();
        assertThatThrownBy(() -> ImageSearch.parseFilter(List.of("is-official", "stars")))
                .isInstanceOf(EngineException.class)
                .hasMessage("invalid filter [\"is-official\" \"stars\"], should be stars=<value>");
        assertThatThrownBy(() -> ImageSearch.parseFilter(List.of("stars=1.5")))
                .hasMessage("incorrect value type for stars filter: strconv.Atoi: parsing \"1.5\": invalid syntax");
        assertThatThrownBy(() -> ImageSearch.parseFilter(List.of("stars=99999999999")))
                .hasMessage("incorrect value type for stars filter: strconv.Atoi: parsing \"99999999999\": value out of range");
        assertThatThrownBy(() -> ImageSearch.parseFilter(List.of("label=x")))
                .hasMessage("invalid filter type \"label=x\"");
    }

    @Test
    void filterMatchesStarsAndFlags() {
        ImageSearch.Filter f = new ImageSearch.Filter(10, null, true);
        assertThat(f.matches(10, false, true)).isTrue();
        assertThat(f.matches(9, false, true)).isFalse();
        assertThat(f.matches(50, true, false)).isFalse();
    }

    @Test
    void readsTheV1Answer() {
        byte[] body = """
                {"num_results":2,"query":"alp","results":[
                 {"name":"library/alpine","description":"A minimal image","star_count":9000,"is_official":true,"is_automated":false},
                 {"name":"someone/alp","description":null,"star_count":1,"is_automated":true}]}
                """.getBytes(StandardCharsets.UTF_8);
        var found = ImageSearch.parseV1(body);
        assertThat(found).hasSize(2);
        assertThat(found.getFirst().name()).isEqualTo("library/alpine");
        assertThat(found.getFirst().stars()).isEqualTo(9000);
        assertThat(found.getFirst().official()).isTrue();
        assertThat(found.get(1).description()).isEmpty();
        assertThat(found.get(1).automated()).isTrue();
        assertThatThrownBy(() -> ImageSearch.parseV1("<html>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EngineException.class).hasMessageStartingWith("decoding search results: ");
    }
}
