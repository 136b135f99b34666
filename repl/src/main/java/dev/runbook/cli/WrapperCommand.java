package dev.runbook.cli;

import dev.runbook.cli.scaffold.Scaffold;
import dev.runbook.term.ExitCodes;
import dev.runbook.term.Io;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;

/**
 * {@code runbook wrapper --version X [--url U] [--sha256 S] [--dir DIR]}: pins the release {@code ./runbookw} runs
 * (writes {@code .runbook/wrapper.properties} and {@code runbookw}). Without {@code --sha256} it fetches the tarball
 * once to compute the sum, and checks on the way that it is the release {@code X}.
 */
@Command(name = "wrapper", description = "Pin the Runbook release ./runbookw runs in this repository (writes runbookw and .runbook/wrapper.properties).")
public final class WrapperCommand implements Callable<Integer> {
    private final Io io;

    // not mixinStandardHelpOptions: its --version would take the name this command's own --version needs
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    @Option(names = "--version", required = true, paramLabel = "X", description = "the release to pin, e.g. 0.2.0")
    String version;

    @Option(names = "--url", paramLabel = "U", description = "where its tarball runbook-X.tar.gz is (https://, http://, file://); default: "
            + "the pinned URL with its version replaced, else the place this release was published (when it was built with one); otherwise required")
    String url;

    @Option(names = "--sha256", paramLabel = "S", description = "the tarball's SHA-256 (the .sha256 file beside it); default: fetch it and compute it")
    String sha256;

    @Option(names = "--dir", paramLabel = "DIR", description = "the repository (default: the current folder)")
    Path dir = Path.of(".");

    public WrapperCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws IOException {
        Optional<WrapperPin> old = WrapperPin.read(dir);
        Optional<String> given = url != null ? Optional.of(url) : old.flatMap(this::moved).or(() -> WrapperPin.publishedUrl(version));
        if (given.isEmpty()) {
            return bad("--url is needed — this build of runbook knows no place where releases are published and "
                    + dir.resolve(WrapperPin.PROPERTIES).normalize() + " pins none to derive it from; give --url URL of runbook-" + version
                    + ".tar.gz (where your team keeps it: file:// or http(s)://)");
        }
        String target = given.get();
        Optional<String> named = WrapperPin.versionOf(target);
        if (named.isEmpty()) {
            return bad("--url must name the release tarball runbook-" + version + ".tar.gz, not '" + target.substring(target.lastIndexOf('/') + 1) + "'");
        }
        if (!named.get().equals(version)) {
            return bad("--url names runbook-" + named.get() + ".tar.gz, not the version asked for (" + version + ")");
        }
        if (!(target.startsWith("https://") || target.startsWith("http://") || target.startsWith("file:/"))) {
            return bad("--url must start with https://, http:// or file://, not '" + target + "'");
        }
        String sum;
        if (sha256 != null) {
            sum = sha256.strip().toLowerCase(Locale.ROOT);
            if (!WrapperPin.isSha256(sum)) return bad("--sha256 must be 64 hex digits (the first word of runbook-" + version + ".tar.gz.sha256), not '" + sha256 + "'");
        } else {
            io.err().println("runbook wrapper: fetching " + target + " to compute its SHA-256...");
            try {
                sum = fetchAndCheck(target);
            } catch (IOException e) {
                io.err().println("runbook wrapper: cannot fetch " + target + ": " + e.getMessage());
                io.err().println("Nothing was changed. Give --sha256 S to pin without fetching, or check the URL.");
                return ExitCodes.ENVIRONMENT;
            } catch (NotTheRelease e) {
                io.err().println("runbook wrapper: " + target + " " + e.getMessage() + "; nothing was changed");
                return ExitCodes.BAD_INPUT;
            }
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) return bad("--dir " + dir + ": not a folder");
        WrapperPin pin = new WrapperPin(target, sum);
        Scaffold.write(dir, List.of(pin.files()), true);
        io.out().println("pinned runbook " + version + " in " + dir.resolve(WrapperPin.PROPERTIES).normalize());
        io.out().println("  distributionUrl=" + target);
        io.out().println("  distributionSha256Sum=" + sum);
        old.filter(o -> !o.equals(pin)).ifPresent(o -> io.out().println("  (was " + o.version().orElse("?") + ": " + o.distributionUrl() + ")"));
        io.out().println("Commit runbookw and " + WrapperPin.PROPERTIES + "; ./runbookw fetches it on first use.");
        return ExitCodes.OK;
    }

    /** The old pin's URL with its version replaced, when its name carries one. */
    private Optional<String> moved(WrapperPin old) {
        return old.version().filter(v -> !v.isEmpty()).map(v -> old.distributionUrl().replace(v, version));
    }

    private int bad(String message) {
        io.err().println("runbook wrapper: " + message);
        return ExitCodes.BAD_INPUT;
    }

    /** Raised when the fetched file is not the release asked for. */
    private static final class NotTheRelease extends Exception {
        NotTheRelease(String message) {
            super(message);
        }
    }

    /** The tarball's SHA-256, read once as it streams; its first entry must be runbook-VERSION/. */
    private String fetchAndCheck(String target) throws IOException, NotTheRelease {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
        try (InputStream raw = open(target); DigestInputStream in = new DigestInputStream(raw, digest)) {
            String first = firstEntry(in);
            if (first != null && !first.startsWith("runbook-" + version + "/")) {
                throw new NotTheRelease("is not the release " + version + ": its tarball starts with '" + first + "'");
            }
            in.transferTo(java.io.OutputStream.nullOutputStream()); // the rest, through the digest
        }
        return WrapperPin.hex(digest.digest());
    }

    /** The name in the first tar header, or null when the first entry is an extension header (its name is elsewhere). */
    private static String firstEntry(InputStream in) throws IOException, NotTheRelease {
        byte[] header;
        try {
            // not closed: closing it would close the stream the rest of the digest is read from
            header = new GZIPInputStream(in).readNBytes(512);
        } catch (java.util.zip.ZipException e) {
            throw new NotTheRelease("is not a gzip'ed tarball (" + e.getMessage() + ")");
        }
        if (header.length < 512) throw new NotTheRelease("is not a tarball (shorter than one tar header)");
        char type = (char) header[156];
        if (type == 'x' || type == 'g' || type == 'L') return null;
        int end = 0;
        while (end < 100 && header[end] != 0) end++;
        return new String(header, 0, end, StandardCharsets.UTF_8);
    }

    private static InputStream open(String target) throws IOException {
        if (target.startsWith("file:")) {
            Path file = Path.of(URI.create(target));
            if (!Files.isRegularFile(file)) throw new IOException(file + " does not exist");
            return Files.newInputStream(file);
        }
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(30)).build();
        try {
            HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(URI.create(target)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                r.body().close();
                throw new IOException("the server answered HTTP " + r.statusCode());
            }
            return r.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (java.net.ConnectException e) {
            throw new IOException("connection refused (" + URI.create(target).getAuthority() + ")");
        }
    }
}
