package dev.runbook.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Properties;

/**
 * What the build wrote into {@code version.properties}: the tool's release and the commit it was built from (the
 * POM's version and buildnumber-maven-plugin's git commit), and, for a release built to be published, where its
 * tarball and its container image are ({@code scripts/release --base-url URL --image REF}, i.e. the Maven properties
 * {@code runbook.release.baseUrl} and {@code runbook.image}). "dev" and "unknown" when the build did not fill the first
 * two in (a build outside git, or classes run straight from an IDE); empty when no place was given, which is the
 * default: a place nobody published to would be a promise the tool cannot keep.
 */
public final class ToolVersion {
    private static final Properties PROPERTIES = load();

    private ToolVersion() {}

    public static String get() {
        return setAtBuild(PROPERTIES.getProperty("version")).orElse("dev");
    }

    /** The git commit (12 hex digits) this build was made from, or "unknown". */
    public static String commit() {
        return setAtBuild(PROPERTIES.getProperty("commit")).orElse("unknown");
    }

    /**
     * The URL of the folder this release's tarball {@code runbook-VERSION.tar.gz} is published in ({@code {version}}
     * in it stands for the version), or empty when the build was given none.
     */
    public static Optional<String> releaseBaseUrl() {
        return setAtBuild(PROPERTIES.getProperty("releaseBaseUrl"));
    }

    /** The container image reference this release was built to run in (runbook submit's default), or empty. */
    public static Optional<String> image() {
        return setAtBuild(PROPERTIES.getProperty("image"));
    }

    /** A value the build filled in: empty when it is missing, blank or still the placeholder {@code ${...}}. */
    static Optional<String> setAtBuild(String raw) {
        String value = raw == null ? "" : raw.strip();
        return value.isEmpty() || value.startsWith("${") ? Optional.empty() : Optional.of(value);
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = ToolVersion.class.getResourceAsStream("version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException ignored) {
            // the fallbacks above say so
        }
        return p;
    }
}
