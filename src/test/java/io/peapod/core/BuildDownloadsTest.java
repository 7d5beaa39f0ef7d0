package io.peapod.core;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** ADD's URL naming (Go's path.Base, as buildah names a download) and Go's proxy choice from the environment. */
class BuildDownloadsTest {
    @Test
    void aDownloadIsNamedAfterTheLastElementOfTheUrlPath() {
        assertThat(BuildDownloads.base("/files/file.txt")).isEqualTo("file.txt");
        assertThat(BuildDownloads.base("/dir/")).isEqualTo("dir");
        assertThat(BuildDownloads.base("/a//")).isEqualTo("a");
        assertThat(BuildDownloads.base("")).isEqualTo(".");
        assertThat(BuildDownloads.base("/")).isEqualTo("/");
        assertThat(BuildDownloads.base("//")).isEqualTo("/");
        assertThat(BuildDownloads.base("/t/..")).isEqualTo("..");
        assertThat(URI.create("http://h/files/file.txt?x=1").getPath()).isEqualTo("/files/file.txt");   // no query
        assertThat(BuildDownloads.isUrl("https://h/x")).isTrue();
        assertThat(BuildDownloads.isUrl("ftp://h/x")).isFalse();
        assertThat(BuildDownloads.isUrl("http.txt")).isFalse();
    }

    private static String proxyFor(Map<String, String> env, String url) {
        List<Proxy> p = new BuildDownloads.EnvironmentProxy(env).select(URI.create(url));
        assertThat(p).hasSize(1);
        if (p.getFirst().type() == Proxy.Type.DIRECT) {
            return "direct";
        }
        InetSocketAddress a = (InetSocketAddress) p.getFirst().address();
        return a.getHostString() + ":" + a.getPort();
    }

    @Test
    void proxiesComeFromTheEnvironmentAsGoChoosesThem() {
        Map<String, String> env = Map.of("HTTP_PROXY", "http://proxy.example:3128", "https_proxy", "secure.example",
                "NO_PROXY", "internal.example, .corp.example");
        assertThat(proxyFor(env, "http://files.example/a")).isEqualTo("proxy.example:3128");
        assertThat(proxyFor(env, "https://files.example/a")).isEqualTo("secure.example:80");
        assertThat(proxyFor(env, "http://internal.example/a")).isEqualTo("direct");
        assertThat(proxyFor(env, "http://x.internal.example/a")).isEqualTo("direct");
        assertThat(proxyFor(env, "http://a.corp.example/a")).isEqualTo("direct");
        assertThat(proxyFor(env, "http://corp.example/a")).isEqualTo("proxy.example:3128");   // ".d" is subdomains only
        assertThat(proxyFor(env, "http://127.0.0.1:8080/a")).isEqualTo("direct");   // loopback never goes through one
        assertThat(proxyFor(env, "http://localhost/a")).isEqualTo("direct");
        assertThat(proxyFor(Map.of(), "http://files.example/a")).isEqualTo("direct");
        assertThat(proxyFor(Map.of("HTTP_PROXY", "http://p:1", "NO_PROXY", "*"), "http://files.example/a")).isEqualTo("direct");
    }
}
