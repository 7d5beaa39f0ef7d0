package io.peapod.image;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A manifest list being edited ({@code podman manifest}): its instances with everything either format
 * can say about them, written as an OCI index or a docker manifest list the way buildah's
 * {@code manifests.List} does (the field order and omissions of Go's structs), so digests match
 * podman's.
 *
 * <p>An instance's features exist only in the docker format and its annotations only in OCI; which
 * format a list is stored in follows buildah's preference ({@link #preferredType}).
 *
 * @param instances   the images, in the order they were added
 * @param annotations the index's own annotations (OCI only; kept when read)
 * @param neverFilled a list that never had an instance: Go writes its nil slice as {@code null}
 */
public record ManifestList(List<Instance> instances, Map<String, String> annotations, boolean neverFilled) {

    /** One image of the list. Empty strings and lists mean "not set" (and are omitted when written). */
    public record Instance(String mediaType, String digest, long size, String os, String architecture,
                           String variant, String osVersion, List<String> osFeatures, List<String> features,
                           Map<String, String> annotations) {
        public Instance {
            os = os == null ? "" : os;
            architecture = architecture == null ? "" : architecture;
            variant = variant == null ? "" : variant;
            osVersion = osVersion == null ? "" : osVersion;
            osFeatures = osFeatures == null ? List.of() : List.copyOf(osFeatures);
            features = features == null ? List.of() : List.copyOf(features);
            annotations = annotations == null ? Map.of() : new LinkedHashMap<>(annotations);
        }

        public Platform platform() {
            return new Platform(os, architecture, variant);
        }

        /** The same image as {@code d} (a manifest written elsewhere): new media type, digest and size. */
        public Instance movedTo(String newType, String newDigest, long newSize) {
            return new Instance(newType, newDigest, newSize, os, architecture, variant, osVersion, osFeatures, features, annotations);
        }
    }

    public ManifestList {
        instances = List.copyOf(instances);
        annotations = annotations == null ? Map.of() : new LinkedHashMap<>(annotations);
    }

    /** The list {@code manifest create} starts with. */
    public static ManifestList empty() {
        return new ManifestList(List.of(), Map.of(), true);
    }

    public Instance find(String digest) {
        for (Instance i : instances) {
            if (i.digest().equals(digest)) {
                return i;
            }
        }
        return null;
    }

    /** With {@code added}: an instance of the same digest is replaced in place, as buildah does. */
    public ManifestList with(Instance added) {
        List<Instance> out = new ArrayList<>(instances);
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).digest().equals(added.digest())) {
                out.set(i, added);
                return new ManifestList(out, annotations, false);
            }
        }
        out.add(added);
        return new ManifestList(out, annotations, false);
    }

    public ManifestList without(String digest) {
        List<Instance> out = new ArrayList<>(instances);
        out.removeIf(i -> i.digest().equals(digest));
        return new ManifestList(out, annotations, neverFilled);
    }

    /**
     * The format buildah stores a list in: OCI when an instance has something only OCI can say
     * (annotations), docker when one has docker-only features, else OCI unless the list is empty
     * (docker's type is explicit in the document).
     */
    public String preferredType() {
        for (Instance i : instances) {
            if (!i.annotations().isEmpty()) {
                return MediaTypes.OCI_INDEX;
            }
        }
        if (!annotations.isEmpty()) {
            return MediaTypes.OCI_INDEX;
        }
        for (Instance i : instances) {
            if (!i.features().isEmpty()) {
                return MediaTypes.DOCKER_LIST;
            }
        }
        return instances.isEmpty() ? MediaTypes.DOCKER_LIST : MediaTypes.OCI_INDEX;
    }

    /** The list as a document of {@code type} (OCI index or docker list), compact as stored and pushed. */
    public byte[] serialize(String type) {
        return Json.bytes(document(type, false));
    }

    /**
     * What {@code podman manifest inspect} shows for a local list: the docker form, with each
     * instance's OCI annotations after its platform, and an empty list as {@code null}.
     */
    public Map<String, Object> inspectView() {
        return document(MediaTypes.DOCKER_LIST, true);
    }

    /**
     * The list converted to a docker list as containers/image serializes one (no annotations): what
     * {@code podman manifest inspect} shows for a list read from a registry.
     */
    public Map<String, Object> dockerListView() {
        return document(MediaTypes.DOCKER_LIST, false);
    }

    private Map<String, Object> document(String type, boolean inspect) {
        boolean docker = MediaTypes.DOCKER_LIST.equals(type);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", 2);
        m.put("mediaType", docker ? MediaTypes.DOCKER_LIST : MediaTypes.OCI_INDEX);
        List<Object> manifests = new ArrayList<>();
        for (Instance i : instances) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("mediaType", i.mediaType());
            if (docker) {
                d.put("size", i.size());
                d.put("digest", i.digest());
            } else {
                d.put("digest", i.digest());
                d.put("size", i.size());
                if (!i.annotations().isEmpty()) {
                    d.put("annotations", new LinkedHashMap<>(i.annotations()));
                }
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("architecture", i.architecture());
            p.put("os", i.os());
            if (!i.osVersion().isEmpty()) {
                p.put("os.version", i.osVersion());
            }
            if (!i.osFeatures().isEmpty()) {
                p.put("os.features", i.osFeatures());
            }
            if (!i.variant().isEmpty()) {
                p.put("variant", i.variant());
            }
            if (docker && !i.features().isEmpty()) {
                p.put("features", i.features());
            }
            d.put("platform", p);
            if (inspect && !i.annotations().isEmpty()) {
                d.put("annotations", new LinkedHashMap<>(i.annotations()));
            }
            manifests.add(d);
        }
        m.put("manifests", manifests.isEmpty() && (neverFilled || inspect) ? null : manifests);
        if (!docker && !annotations.isEmpty()) {
            m.put("annotations", new LinkedHashMap<>(annotations));
        }
        return m;
    }

    /** Reads a stored or fetched OCI index or docker manifest list. */
    public static ManifestList parse(byte[] raw) {
        Map<String, Object> m = Json.object(raw, "manifest list");
        Object manifests = m.get("manifests");
        List<Instance> out = new ArrayList<>();
        for (Object o : Json.list(manifests)) {
            Map<String, Object> d = Json.map(o);
            Map<String, Object> p = Json.map(d.get("platform"));
            Map<String, String> ann = new LinkedHashMap<>();
            Json.map(d.get("annotations")).forEach((k, v) -> ann.put(k, String.valueOf(v)));
            out.add(new Instance(Json.string(d.get("mediaType")), Json.string(d.get("digest")),
                    d.get("size") instanceof Number n ? n.longValue() : -1,
                    Json.string(p.get("os")), Json.string(p.get("architecture")), Json.string(p.get("variant")),
                    Json.string(p.get("os.version")), strings(p.get("os.features")), strings(p.get("features")), ann));
        }
        Map<String, String> ann = new LinkedHashMap<>();
        Json.map(m.get("annotations")).forEach((k, v) -> ann.put(k, String.valueOf(v)));
        return new ManifestList(out, ann, manifests == null);
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        for (Object v : Json.list(o)) {
            out.add(String.valueOf(v));
        }
        return out;
    }
}
