package dev.runbook.cli;

import dev.runbook.cli.scaffold.Scaffold;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The release a runbooks repository pins: {@code .runbook/wrapper.properties}, which {@code runbookw} reads, with the
 * Maven wrapper's property names ({@code distributionUrl}, {@code distributionSha256Sum}). The version is the one
 * the tarball's name says ({@code runbook-VERSION.tar.gz}), as the Maven wrapper reads it from its URL.
 *
 * @param sha256 the tarball's SHA-256 (64 lower-case hex digits), or null when the pin has none
 */
public record WrapperPin(String distributionUrl, String sha256) {
    public static final String PROPERTIES = ".runbook/wrapper.properties";
    public static final String SCRIPT = "runbookw";
    private static final Pattern TARBALL = Pattern.compile("runbook-([^/]+)\\.tar\\.gz");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** The version the URL's file name says, or empty when it does not name a runbook release tarball. */
    public Optional<String> version() {
        return versionOf(distributionUrl);
    }

    static Optional<String> versionOf(String url) {
        Matcher m = TARBALL.matcher(url.substring(url.lastIndexOf('/') + 1));
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    static boolean isSha256(String s) {
        return s != null && SHA256.matcher(s).matches();
    }

    /**
     * The tarball of {@code version} where this build says releases are published, or empty when it was built without
     * such a place (the default: see {@link ToolVersion#releaseBaseUrl()}).
     */
    static Optional<String> publishedUrl(String version) {
        return publishedUrl(ToolVersion.releaseBaseUrl(), version);
    }

    /** {@code BASE/runbook-VERSION.tar.gz}, {@code {version}} in the base standing for the version (a folder per release). */
    static Optional<String> publishedUrl(Optional<String> base, String version) {
        return base.map(b -> b.replace("{version}", version).replaceAll("/+$", "") + "/runbook-" + version + ".tar.gz");
    }

    /**
     * The pin {@code runbook init} writes: the release that runs this command. Run through {@code runbookw}, that is
     * the wrapper's own pin (URL and sum, from the environment it sets); otherwise the tarball where this release was
     * published, with no sum until {@code runbook wrapper} fetches it; empty when this build knows no such place.
     */
    static Optional<WrapperPin> ofRunningTool(Map<String, String> env) {
        return ofRunningTool(env, ToolVersion.releaseBaseUrl());
    }

    static Optional<WrapperPin> ofRunningTool(Map<String, String> env, Optional<String> publishedBase) {
        String url = env.get("RUNBOOKW_DISTRIBUTION_URL");
        String sum = env.get("RUNBOOKW_DISTRIBUTION_SHA256");
        if (url != null && versionOf(url).filter(ToolVersion.get()::equals).isPresent()) {
            return Optional.of(new WrapperPin(url, isSha256(sum) ? sum : null));
        }
        return publishedUrl(publishedBase, ToolVersion.get()).map(published -> new WrapperPin(published, null));
    }

    /** The command that pins {@code version}, URL left for the person to fill in. */
    static String pinCommand(String version) {
        return "runbook wrapper --version " + version + " --url URL";
    }

    /** The pin in {@code repo}, or empty when it has none. */
    static Optional<WrapperPin> read(Path repo) throws IOException {
        Path file = repo.resolve(PROPERTIES);
        if (!Files.isRegularFile(file)) return Optional.empty();
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        String url = p.getProperty("distributionUrl", "").strip();
        if (url.isEmpty()) return Optional.empty();
        String sum = p.getProperty("distributionSha256Sum", "").strip().toLowerCase(java.util.Locale.ROOT);
        return Optional.of(new WrapperPin(url, sum.isEmpty() ? null : sum));
    }

    /** The properties file's text: written by hand (no Properties escapes), so runbookw's sed reads it as is. */
    public String propertiesText() {
        String v = version().orElse("?");
        return "# The Runbook release this repository runs with ./runbookw (pinned by `runbook wrapper --version X --url U`).\n"
                + "# runbook " + v + "\n"
                + "distributionUrl=" + distributionUrl + "\n"
                + (sha256 == null
                    ? "# distributionSha256Sum: none yet, so a download is not checked; `runbook wrapper --version " + v + " --url "
                      + distributionUrl + "` fetches the tarball once and pins its sum\n"
                    : "distributionSha256Sum=" + sha256 + "\n");
    }

    /** The files that make a repository run this pin: runbookw (executable) and the properties. */
    public Scaffold.File[] files() {
        return new Scaffold.File[]{
                new Scaffold.File(SCRIPT, script(), false, true),
                new Scaffold.File(PROPERTIES, propertiesText(), false)};
    }

    /**
     * runbookw and properties that pin nothing yet, for a tool that knows no place its release is published: a
     * comment says what to run; runbookw refuses to run until then (exit 4, one line).
     */
    static Scaffold.File[] unpinnedFiles(String version) {
        String text = "# The Runbook release this repository runs with ./runbookw. None is pinned yet: the build of runbook that wrote\n"
                + "# this file knows no place where its release is published. Pin one (URL: where your team keeps the tarball\n"
                + "# runbook-" + version + ".tar.gz, file:// or http(s)://) with\n"
                + "#   " + pinCommand(version) + "\n";
        return new Scaffold.File[]{
                new Scaffold.File(SCRIPT, script(), false, true),
                new Scaffold.File(PROPERTIES, text, false)};
    }

    static String script() {
        try (InputStream in = WrapperPin.class.getResourceAsStream("/dev/runbook/cli/wrapper/runbookw")) {
            if (in == null) throw new IllegalStateException("runbookw is missing from the runbook jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
