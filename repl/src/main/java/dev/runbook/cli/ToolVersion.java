package dev.runbook.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The tool's release and the commit it was built from, from {@code version.properties} (filled in by the build:
 * the POM's version and buildnumber-maven-plugin's git commit). "dev" and "unknown" when the build did not fill them
 * in (a build outside git, or classes run straight from an IDE).
 */
public final class ToolVersion {
    private static final Properties PROPERTIES = load();

    private ToolVersion() {}

    public static String get() {
        return filled("version", "dev");
    }

    /** The git commit (12 hex digits) this build was made from, or "unknown". */
    public static String commit() {
        return filled("commit", "unknown");
    }

    private static String filled(String key, String otherwise) {
        String value = PROPERTIES.getProperty(key, "").trim();
        return value.isEmpty() || value.startsWith("${") ? otherwise : value;
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
