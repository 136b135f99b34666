package dev.runbook.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The tool's release, from {@code version.properties} (filled in by the build); "dev" when it is missing. */
public final class ToolVersion {
    private ToolVersion() {}

    public static String get() {
        Properties p = new Properties();
        try (InputStream in = ToolVersion.class.getResourceAsStream("version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException ignored) {
            // fall back to "dev"
        }
        return p.getProperty("version", "dev");
    }
}
