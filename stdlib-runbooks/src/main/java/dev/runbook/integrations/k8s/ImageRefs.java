package dev.runbook.integrations.k8s;

/** Image references: {@code registry:5000/team/api:v1.4.2} or {@code api@sha256:...}. */
final class ImageRefs {
    private ImageRefs() {}

    /** {@code tagOrImage} as a whole reference when it has a '/', ':' or '@'; otherwise {@code image} with that tag. */
    static String withTag(String image, String tagOrImage) {
        if (tagOrImage.contains("/") || tagOrImage.contains(":") || tagOrImage.contains("@")) return tagOrImage;
        return repository(image) + ":" + tagOrImage;
    }

    /** The image without its tag or digest; a ':' before the last '/' is a registry port, not a tag. */
    static String repository(String image) {
        String s = image;
        int at = s.indexOf('@');
        if (at >= 0) s = s.substring(0, at);
        int colon = s.lastIndexOf(':');
        return colon > s.lastIndexOf('/') ? s.substring(0, colon) : s;
    }
}
