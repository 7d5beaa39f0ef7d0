package io.peapod.core;

import io.peapod.image.ImageException;
import io.peapod.image.ImageReference;
import io.peapod.image.TransportReference;
import io.peapod.registry.RegistryException;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.net.ConnectException;
import java.nio.channels.UnresolvedAddressException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImagePushTest {
    @Test
    void aNameWithoutTransportIsARegistryAndAShortOneGoesToDockerHubAsInPodman() {
        TransportReference foo = ImagePush.destinationOf("foo");
        assertThat(foo.transport()).isEqualTo(TransportReference.Transport.DOCKER);
        assertThat(ImageReference.normalizeDockerHub(foo.path()).toString()).isEqualTo("docker.io/library/foo:latest");
        TransportReference qualified = ImagePush.destinationOf("127.0.0.1:5000/lib/x:1");
        assertThat(qualified.transport()).isEqualTo(TransportReference.Transport.DOCKER);
        assertThat(qualified.path()).isEqualTo("127.0.0.1:5000/lib/x:1");
        assertThat(ImagePush.destinationOf("docker://h.example/y").path()).isEqualTo("h.example/y");
        assertThat(ImagePush.destinationOf("oci:/tmp/l").transport()).isEqualTo(TransportReference.Transport.OCI);
    }

    @Test
    void anInvalidNameShowsTheTransportParsersError() {
        assertThatThrownBy(() -> ImagePush.destinationOf("Foo")).isInstanceOf(ImageException.class)
                .hasMessage("Invalid image name \"Foo\", expected colon-separated transport:reference");
        assertThatThrownBy(() -> ImagePush.destinationOf("xyz:/tmp/x")).isInstanceOf(ImageException.class)
                .hasMessage("Invalid image name \"xyz:/tmp/x\", unknown transport \"xyz\"");
    }

    @Test
    void onlyNetworkFailuresRestartTheCopy() {
        RegistryException.Kind t = RegistryException.Kind.TRANSPORT;
        assertThat(ImagePush.isRetryable(new RegistryException(t, "refused", new ConnectException("Connection refused")))).isTrue();
        assertThat(ImagePush.isRetryable(new RegistryException(t, "eof", new EOFException()))).isTrue();
        ConnectException dns = new ConnectException();
        dns.initCause(new UnresolvedAddressException());
        assertThat(ImagePush.isRetryable(new RegistryException(t, "dns", dns))).isFalse();
        assertThat(ImagePush.isRetryable(new RegistryException(t, "tls", new javax.net.ssl.SSLHandshakeException("x")))).isFalse();
        assertThat(ImagePush.isRetryable(new RegistryException(t, "500 after retries"))).isFalse();
        assertThat(ImagePush.isRetryable(new RegistryException(RegistryException.Kind.UNAUTHORIZED, "401"))).isFalse();
    }
}
