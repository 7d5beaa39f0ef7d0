package io.peapod.image;

import com.fasterxml.jackson.jr.ob.JSON;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Peapod's JSON reader and writer, checked against jackson-jr as an independent implementation. */
class JsonTest {
    private static final String SAMPLE = """
            {"architecture":"amd64","config":{"Env":["PATH=/usr/bin","A=\\"quoted\\" \\\\ back"],
             "Cmd":["sh","-c","echo \\u00e9\\ud83d\\ude00 \\t tab"],"Labels":null,"ExposedPorts":{}},
             "created":"2026-11-23T15:27:40.928Z","history":[{"created_by":"x","empty_layer":true}],
             "n":[0,-1,2147483647,2147483648,-9223372036854775808,18446744073709551616,1.5,-2e-3,1E3],
             "rootfs":{"type":"layers","diff_ids":[]},"unicode":"日本語", "t":true, "f":false}
            """;

    @Test
    void readsWhatJacksonReads() throws Exception {
        Map<String, Object> ours = Json.object(SAMPLE.getBytes(StandardCharsets.UTF_8), "sample");
        Map<String, Object> theirs = JSON.std.mapFrom(SAMPLE);
        assertEquals(theirs, ours);
        assertEquals(List.of("architecture", "config", "created", "history", "n", "rootfs", "unicode", "t", "f"),
                List.copyOf(ours.keySet()), "document order is kept");
        List<Object> n = Json.list(ours.get("n"));
        assertEquals(Integer.class, n.get(2).getClass());
        assertEquals(Long.class, n.get(3).getClass());
        assertEquals(BigInteger.class, n.get(5).getClass());
        assertEquals("sh -c echo é😀 \t tab".replace(" -c ", " -c "),
                String.join(" ", Json.list(Json.map(ours.get("config")).get("Cmd")).stream().map(String::valueOf).toList()));
    }

    @Test
    void readsTheSeccompProfileAsJacksonDoes() throws Exception {
        Path profile = Path.of("/usr/share/containers/seccomp.json");
        assertTrue(Files.isReadable(profile), "containers-common's seccomp.json is installed by scripts/setup.sh");
        byte[] data = Files.readAllBytes(profile);
        assertEquals(JSON.std.mapFrom(data), Json.object(data, "seccomp"));
    }

    @Test
    void writesWhatReadsBack() throws Exception {
        Map<String, Object> ours = Json.object(SAMPLE.getBytes(StandardCharsets.UTF_8), "sample");
        byte[] compact = Json.bytes(ours);
        assertEquals(ours, JSON.std.mapFrom(compact));
        // As Go's encoding/json: null members are kept (jackson-jr drops them), non-ASCII is written as UTF-8.
        assertTrue(new String(compact, StandardCharsets.UTF_8).contains("\"Labels\":null,\"ExposedPorts\":{}"));
        assertTrue(new String(compact, StandardCharsets.UTF_8).contains("\"echo é😀 \\t tab\""));
        byte[] pretty = Json.pretty(ours);
        assertEquals(ours, JSON.std.mapFrom(pretty));
        assertTrue(new String(pretty, StandardCharsets.UTF_8).contains("\n  \"config\": {\n    \"Env\": ["));
        Map<String, Object> control = new LinkedHashMap<>();
        control.put("c", "\u0001\u001f\b\f\n\r\t");
        assertEquals("{\"c\":\"\\u0001\\u001f\\b\\f\\n\\r\\t\"}", new String(Json.bytes(control), StandardCharsets.UTF_8));
        Map<String, Object> mixed = Map.of("m", "plain \"quoted\" a\\b\u0002é\nend");
        assertEquals("{\"m\":\"plain \\\"quoted\\\" a\\\\b\\u0002é\\nend\"}", new String(Json.bytes(mixed), StandardCharsets.UTF_8));
    }

    @Test
    void refusesBadInputWithTheDocumentsName() {
        assertThrows(ImageException.class, () -> Json.object(new byte[0], "nothing"));
        for (String bad : List.of("{", "{\"a\":}", "[1,]", "{\"a\":1,}", "01", "1.", "\"\\x\"", "\"a\nb\"", "nul",
                "{\"a\":1} x", "[1 2]", "{'a':1}", "\"\\u12\"", "-", "1e")) {
            ImageException e = assertThrows(ImageException.class,
                    () -> Json.array(("[" + bad + "]").getBytes(StandardCharsets.UTF_8), "the thing"), bad);
            assertTrue(e.getMessage().startsWith("parsing the thing: "), e.getMessage());
        }
        assertThrows(ImageException.class, () -> Json.object("[1]".getBytes(StandardCharsets.UTF_8), "x"));
        assertThrows(IllegalArgumentException.class, () -> Json.bytes(Map.of("a", new Object())));
    }

    @Test
    void refusesNestingBeyondAnyRealDocument() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        assertThrows(ImageException.class, () -> Json.array(deep.getBytes(StandardCharsets.UTF_8), "deep"));
    }

    @Test
    void goStringsEscapeAsGoDoes() {
        StringBuilder b = new StringBuilder();
        io.peapod.json.JsonWriter.appendGoString(b, "a\"b\\c\n<x>&\u0001\u2028é");
        assertEquals("\"a\\\"b\\\\c\\n\\u003cx\\u003e\\u0026\\u0001\\u2028é\"", b.toString());
    }
}
