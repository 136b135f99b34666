package dev.runbook.compile;

import dev.runbook.diag.Suggestions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The standard runbooks on the class path: {@code stdlib/<group>/<name>.groovy} resources (the stdlib-runbooks jar
 * carries them; a folder on the class path works the same), named {@code stdlib:<group>/<name>}.
 * <p>
 * A class loader cannot list a folder, so the catalog asks it where {@code stdlib} is (every jar and folder that
 * has one) and reads those listings itself. Specs ({@code *Spec.groovy}) beside the runbooks are never runbooks.
 */
public final class StdlibCatalog {
    /** How ids start: {@code include 'stdlib:k8s/rollout-undo'}. */
    public static final String SCHEME = "stdlib:";
    /** The resource folder the runbooks live under. */
    public static final String FOLDER = "stdlib";

    private final ClassLoader loader;
    private volatile Map<String, Entry> entries;

    /** One standard runbook: its id ({@code stdlib:k8s/rollout-undo}) and where its text is. */
    public record Entry(String id, URL url) {
        /** {@code k8s/rollout-undo}: the id without {@code stdlib:}. */
        public String path() {
            return id.substring(SCHEME.length());
        }

        /** How messages name the file: {@code stdlib:k8s/rollout-undo.groovy}. */
        public String displayPath() {
            return id + ".groovy";
        }

        /** The runbook's text. */
        public String text() {
            try (InputStream in = open(url)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + displayPath() + " from " + url, e);
            }
        }
    }

    /** Thrown for an id no standard runbook has; the message names the close matches or what there is. */
    public static final class UnknownRunbookException extends IllegalArgumentException {
        private final String hint;

        UnknownRunbookException(String message, String hint) {
            super(message + " — " + hint);
            this.hint = hint;
        }

        /** What to write instead, for a {@code file:line:col: what — what instead} problem. */
        public String hint() {
            return hint;
        }

        /** The message without the hint. */
        public String what() {
            return getMessage().substring(0, getMessage().length() - hint.length() - 3);
        }
    }

    /** The standard runbooks that {@code loader} sees. */
    public StdlibCatalog(ClassLoader loader) {
        this.loader = loader;
    }

    /** The standard runbooks on the class path this class was loaded from. */
    public static StdlibCatalog onClassPath() {
        return new StdlibCatalog(StdlibCatalog.class.getClassLoader());
    }

    /** Every standard runbook, sorted by id. */
    public List<Entry> list() {
        return List.copyOf(entries().values());
    }

    /**
     * The runbook with this id ({@code stdlib:k8s/rollout-undo}, or {@code k8s/rollout-undo}; a trailing
     * {@code .groovy} is allowed).
     *
     * @throws UnknownRunbookException when there is none, naming the closest ids
     */
    public Entry find(String id) {
        return lookup(id).orElseThrow(() -> unknown(normalise(id)));
    }

    /**
     * The runbook with this id, when there is one; see {@link #find} for the ids accepted. Asks the class loader
     * for the one resource: only listing and suggesting read the listings of every jar.
     */
    public Optional<Entry> lookup(String id) {
        String path = normalise(id);
        if (!isRunbook(path + ".groovy")) return Optional.empty();
        URL url = loader.getResource(FOLDER + "/" + path + ".groovy");
        return url == null ? Optional.empty() : Optional.of(new Entry(SCHEME + path, url));
    }

    /** The ids close to {@code id} (a small edit away, or the same name in another group), for "did you mean". */
    public List<String> closeMatches(String id) {
        String path = normalise(id);
        return closeMatches(path, entries().values().stream().map(Entry::path).toList()).stream().map(p -> SCHEME + p).toList();
    }

    /** The text of the runbook with this id; see {@link #find}. */
    public String open(String id) {
        return find(id).text();
    }

    private UnknownRunbookException unknown(String path) {
        Map<String, Entry> all = entries();
        String what = "no standard runbook '" + SCHEME + path + "'";
        if (all.isEmpty()) {
            return new UnknownRunbookException(what, "there are no standard runbooks on the class path (is the runbook-stdlib jar on it?)");
        }
        List<String> close = closeMatches(path);
        String hint = close.isEmpty()
                ? "the standard runbooks are: " + String.join(", ", all.keySet())
                : "did you mean " + String.join(" or ", close.stream().map(c -> "'" + c + "'").toList()) + "?";
        return new UnknownRunbookException(what, hint);
    }

    /** Paths a small edit away, or with (nearly) the same name in another group. */
    private static List<String> closeMatches(String path, List<String> paths) {
        List<String> out = new ArrayList<>();
        Suggestions.closest(path, paths).ifPresent(out::add);
        String name = path.substring(path.lastIndexOf('/') + 1);
        for (String p : paths) {
            String pName = p.substring(p.lastIndexOf('/') + 1);
            if (!out.contains(p) && (pName.equals(name) || Suggestions.closest(name, List.of(pName)).isPresent())) out.add(p);
        }
        return out;
    }

    private static String normalise(String id) {
        String s = id.strip();
        if (s.startsWith(SCHEME)) s = s.substring(SCHEME.length());
        if (s.startsWith("/")) s = s.substring(1);
        if (s.endsWith(".groovy")) s = s.substring(0, s.length() - ".groovy".length());
        return s;
    }

    private Map<String, Entry> entries() {
        Map<String, Entry> e = entries;
        if (e == null) {
            e = scan();
            entries = e;
        }
        return e;
    }

    /** Every {@code stdlib/**.groovy} resource of every jar and folder; the first one on the class path wins. */
    private Map<String, Entry> scan() {
        Map<String, Entry> found = new TreeMap<>();
        try {
            for (URL root : Collections.list(loader.getResources(FOLDER))) {
                for (String path : listRunbooks(root)) {
                    String id = SCHEME + path.substring(0, path.length() - ".groovy".length());
                    URL url = loader.getResource(FOLDER + "/" + path);
                    if (url != null) found.putIfAbsent(id, new Entry(id, url));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the standard runbooks on the class path", e);
        }
        return Collections.unmodifiableMap(found);
    }

    /** Paths under {@code stdlib/} ({@code k8s/rollout-undo.groovy}) of the runbooks in one jar or folder. */
    private static List<String> listRunbooks(URL root) throws IOException {
        List<String> out = new ArrayList<>();
        if ("file".equals(root.getProtocol())) {
            Path dir = toPath(root);
            if (!Files.isDirectory(dir)) return out;
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(Files::isRegularFile)
                        .map(f -> dir.relativize(f).toString().replace('\\', '/'))
                        .filter(StdlibCatalog::isRunbook)
                        .forEach(out::add);
            }
        } else if (root.openConnection() instanceof JarURLConnection jar) {
            jar.setUseCaches(false);
            try (JarFile file = jar.getJarFile()) {
                String prefix = FOLDER + "/";
                for (Enumeration<JarEntry> all = file.entries(); all.hasMoreElements(); ) {
                    JarEntry entry = all.nextElement();
                    if (!entry.isDirectory() && entry.getName().startsWith(prefix)) {
                        String path = entry.getName().substring(prefix.length());
                        if (isRunbook(path)) out.add(path);
                    }
                }
            }
        }
        return out;
    }

    private static boolean isRunbook(String path) {
        return path.endsWith(".groovy") && !path.endsWith("Spec.groovy") && !path.startsWith(".") && !path.contains("/.");
    }

    private static Path toPath(URL url) {
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            return Path.of(url.getPath());
        }
    }

    /** Reads a resource without the JDK's jar cache, so a jar can be replaced (or deleted) after reading. */
    private static InputStream open(URL url) throws IOException {
        URLConnection c = url.openConnection();
        c.setUseCaches(false);
        return c.getInputStream();
    }
}
