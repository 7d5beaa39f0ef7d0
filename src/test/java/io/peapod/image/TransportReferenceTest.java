package io.peapod.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peapod.image.TransportReference.Transport;
import org.junit.jupiter.api.Test;

class TransportReferenceTest {

    @Test
    void ociDirectoryWithAndWithoutReference() {
        assertThat(TransportReference.parse("oci:/tmp/layout"))
                .isEqualTo(new TransportReference(Transport.OCI, "/tmp/layout", null, -1));
        assertThat(TransportReference.parse("oci:/tmp/layout:v1"))
                .isEqualTo(new TransportReference(Transport.OCI, "/tmp/layout", "v1", -1));
        assertThat(TransportReference.parse("oci:/tmp/layout:").ref()).isNull();
        // containers/image prints oci references as DIR:REF, which podman's messages show
        assertThat(TransportReference.parse("oci:/tmp/layout").toString()).isEqualTo("oci:/tmp/layout:");
    }

    @Test
    void ociArchive() {
        assertThat(TransportReference.parse("oci-archive:/tmp/x.tar:localhost/app:1"))
                .isEqualTo(new TransportReference(Transport.OCI_ARCHIVE, "/tmp/x.tar", "localhost/app:1", -1));
    }

    @Test
    void dockerArchiveNameIsNormalisedAndIndexIsParsed() {
        assertThat(TransportReference.parse("docker-archive:/tmp/a.tar:foo/bar:v1"))
                .isEqualTo(new TransportReference(Transport.DOCKER_ARCHIVE, "/tmp/a.tar", "docker.io/foo/bar:v1", -1));
        assertThat(TransportReference.parse("docker-archive:/tmp/a.tar:busybox").ref()).isEqualTo("docker.io/library/busybox:latest");
        assertThat(TransportReference.parse("docker-archive:/tmp/a.tar:@2"))
                .isEqualTo(new TransportReference(Transport.DOCKER_ARCHIVE, "/tmp/a.tar", null, 2));
        assertThat(TransportReference.parse("docker-archive:/tmp/a.tar"))
                .isEqualTo(new TransportReference(Transport.DOCKER_ARCHIVE, "/tmp/a.tar", null, -1));
        assertThatThrownBy(() -> TransportReference.parse("docker-archive:/tmp/a.tar:@x"))
                .hasMessageContaining("Invalid source index @x");
        assertThatThrownBy(() -> TransportReference.parse("docker-archive:/tmp/a.tar:foo@sha256:" + "a".repeat(64)))
                .hasMessageContaining("docker-archive doesn't support digest references");
    }

    @Test
    void dirDockerAndStorage() {
        assertThat(TransportReference.parse("dir:/tmp/d")).isEqualTo(new TransportReference(Transport.DIR, "/tmp/d", null, -1));
        assertThat(TransportReference.parse("docker://quay.io/a/b:1"))
                .isEqualTo(new TransportReference(Transport.DOCKER, "quay.io/a/b:1", null, -1));
        assertThat(TransportReference.parse("containers-storage:localhost/x:1").path()).isEqualTo("localhost/x:1");
        assertThat(TransportReference.parse("containers-storage:[overlay@/var/lib/containers/storage]busybox").path())
                .isEqualTo("busybox");
    }

    @Test
    void podmansErrorsForBadInput() {
        assertThatThrownBy(() -> TransportReference.parse("xyz:/tmp/x"))
                .hasMessage("Invalid image name \"xyz:/tmp/x\", unknown transport \"xyz\"");
        assertThatThrownBy(() -> TransportReference.parse("docker:busybox"))
                .hasMessageContaining("does not start with //");
        assertThatThrownBy(() -> TransportReference.parse("docker://Bad_Name"))
                .hasMessageContaining("invalid reference format");
        assertThatThrownBy(() -> TransportReference.parse("dir:")).hasMessageContaining("is empty");
        assertThatThrownBy(() -> TransportReference.parse("docker-daemon:busybox")).hasMessageContaining("not supported");
    }

    @Test
    void knowsWhichStringsCarryATransport() {
        assertThat(TransportReference.hasTransport("oci:/x")).isTrue();
        assertThat(TransportReference.hasTransport("docker-daemon:x")).isTrue();
        assertThat(TransportReference.hasTransport("busybox")).isFalse();
        assertThat(TransportReference.hasTransport("localhost:5000/busybox")).isFalse();
        assertThat(TransportReference.hasTransport("busybox:latest")).isFalse();
    }
}
