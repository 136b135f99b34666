package dev.runbook.compile;

import dev.runbook.api.IntegrationApiTable;
import dev.runbook.lang.SourceIndex;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compiled runbooks on disk, keyed by the file's content and the tool that compiled it, so that running an
 * unchanged runbook again skips the Groovy compiler entirely (about a second of an operator's wait). An entry
 * holds the class files and the source index (columns, commands as written); it is written atomically, and a
 * damaged or foreign entry is ignored and replaced.
 *
 * <p>Entries are a small binary file ({@link DataOutputStream}), not JSON: reading one is on the path of every
 * cached run, and Jackson's deserializer (introspecting the entry's types, ~250 classes) is then the only
 * JSON reading a cached {@code exec} does; the journal only writes.
 */
public final class ClassCache {
    /** First int of every entry: a file of another format (or any other file) is not read as an entry. */
    private static final int MAGIC = 0x52424343; // "RBCC"
    private static final int FORMAT = 2;

    private final Path dir;

    public ClassCache(Path dir) {
        this.dir = dir;
    }

    /**
     * {@code $RUNBOOK_CACHE_DIR}, else {@code $XDG_CACHE_HOME/runbook/classes}, else {@code ~/.cache/runbook/classes};
     * empty when {@code RUNBOOK_CACHE=off}.
     */
    public static Optional<ClassCache> fromEnvironment(Map<String, String> env) {
        if ("off".equalsIgnoreCase(env.getOrDefault("RUNBOOK_CACHE", ""))) return Optional.empty();
        String explicit = env.get("RUNBOOK_CACHE_DIR");
        if (explicit != null && !explicit.isBlank()) return Optional.of(new ClassCache(Path.of(explicit)));
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return Optional.of(new ClassCache(base.resolve("runbook").resolve("classes")));
    }

    /** The param names of the runbooks compiled, kept beside their classes (see {@link ParamNameCache}). */
    public ParamNameCache paramNames() {
        return new ParamNameCache(dir.resolve("params"));
    }

    /** A compiled script: its classes' bytes, the name of the script class, and what the compiler learned. */
    public record Entry(String scriptClass, Map<String, byte[]> classes, List<SourceIndex.Call> calls) {}

    /**
     * The key of a source compiled under a given file name and base class, by this build of the tool, against the
     * integration tables {@code loader} (the compiler's parent) sees: compiling checks the integration calls against
     * them, so a changed table (a new stdlib jar that renamed a call) must not find the entry checked against the old one.
     */
    public static String key(String text, String fileName, String baseClass, ClassLoader loader) {
        return sha256(FORMAT + "\n" + toolStamp() + "\n" + apiTableStamp(loader) + "\n" + fileName + "\n" + baseClass + "\n" + text);
    }

    public Optional<Entry> load(String key) {
        Path f = dir.resolve(key + ".bin");
        if (!Files.isRegularFile(f)) return Optional.empty();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(f)))) {
            if (in.readInt() != MAGIC || in.readInt() != FORMAT) return Optional.empty();
            String script = readString(in);
            Map<String, byte[]> classes = new LinkedHashMap<>();
            for (int n = in.readInt(); n > 0; n--) classes.put(readString(in), readBytes(in));
            List<SourceIndex.Call> calls = new ArrayList<>();
            for (int n = in.readInt(); n > 0; n--) {
                calls.add(new SourceIndex.Call(in.readInt(), in.readInt(), readString(in), readStrings(in),
                        in.readInt(), in.readInt(), readStrings(in)));
            }
            if (in.read() != -1 || !classes.containsKey(script)) return Optional.empty();
            return Optional.of(new Entry(script, classes, calls));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // damaged (truncated, negative sizes...): compile again, and the store below replaces it
        }
    }

    /** Best effort: a cache that cannot be written only costs the next run a compile. */
    public void store(String key, Entry entry) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, key, ".tmp");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                out.writeInt(MAGIC);
                out.writeInt(FORMAT);
                writeString(out, entry.scriptClass());
                out.writeInt(entry.classes().size());
                for (var c : entry.classes().entrySet()) {
                    writeString(out, c.getKey());
                    out.writeInt(c.getValue().length);
                    out.write(c.getValue());
                }
                out.writeInt(entry.calls().size());
                for (SourceIndex.Call c : entry.calls()) {
                    out.writeInt(c.line());
                    out.writeInt(c.column());
                    writeString(out, c.name());
                    writeStrings(out, c.bodyCommands());
                    out.writeInt(c.handlerLine());
                    out.writeInt(c.handlerColumn());
                    writeStrings(out, c.handlerCommands());
                }
            }
            Files.move(tmp, dir.resolve(key + ".bin"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            // not fatal, see above
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }

    /** A length and that many bytes; a negative or too large length (damage) throws, and the entry is ignored. */
    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        byte[] b = in.readNBytes(n);
        if (b.length != n) throw new java.io.EOFException();
        return b;
    }

    /** A list that may be null (a call with no trailing closure). */
    private static void writeStrings(DataOutputStream out, List<String> strings) throws IOException {
        if (strings == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(strings.size());
        for (String s : strings) writeString(out, s);
    }

    private static List<String> readStrings(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) return null;
        List<String> strings = new ArrayList<>(); // not sized by n: a damaged n must not allocate gigabytes
        for (; n > 0; n--) strings.add(readString(in));
        return List.copyOf(strings);
    }

    /** Changes whenever the tool is rebuilt: the Groovy version and the size and time of the jar this class came from. */
    private static String toolStamp() {
        String stamp = groovy.lang.GroovySystem.getVersion();
        try {
            var src = ClassCache.class.getProtectionDomain().getCodeSource();
            if (src != null) {
                Path p = Path.of(src.getLocation().toURI());
                stamp += "|" + p + "|" + Files.size(p) + "|" + Files.getLastModifiedTime(p).toMillis();
            }
        } catch (Exception e) {
            stamp += "|unknown";
        }
        return stamp;
    }

    private static final Map<ClassLoader, String> TABLE_STAMPS = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /**
     * Where every {@link IntegrationApiTable#RESOURCE} {@code loader} sees is, with the size and time of the file or jar
     * holding it: a stat each, not a read, as a cached {@code exec} computes this before it runs anything. Once per
     * class loader, as {@link IntegrationApiTable#forLoader} reads the tables once per class loader.
     */
    static String apiTableStamp(ClassLoader loader) {
        return TABLE_STAMPS.computeIfAbsent(loader, ClassCache::statTables);
    }

    private static String statTables(ClassLoader loader) {
        StringBuilder stamp = new StringBuilder("tables");
        try {
            for (URL url : java.util.Collections.list(loader.getResources(IntegrationApiTable.RESOURCE))) {
                stamp.append('|').append(url);
                Path file = fileHolding(url);
                if (file != null) {
                    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                    stamp.append('|').append(a.size()).append('|').append(a.lastModifiedTime().toMillis());
                } else {
                    // not on a file system (a jar inside a jar, a custom loader): its content, read once per loader
                    try (InputStream in = url.openStream()) {
                        stamp.append('|').append(sha256(in.readAllBytes()));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // the compile reads the same tables and reports what is wrong with them
            stamp.append("|unreadable");
        }
        return stamp.toString();
    }

    /** The file a {@code file:} URL names, or the jar a {@code jar:file:…!/entry} URL names; null for any other. */
    private static Path fileHolding(URL url) {
        try {
            if ("file".equals(url.getProtocol())) return Path.of(url.toURI());
            if ("jar".equals(url.getProtocol())) {
                String spec = url.getPath(); // file:/x/runbook-stdlib.jar!/META-INF/...
                int bang = spec.indexOf("!/");
                if (bang > 0 && spec.startsWith("file:")) return Path.of(new java.net.URI(spec.substring(0, bang)));
            }
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            // read instead
        }
        return null;
    }

    private static String sha256(String s) {
        return sha256(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Defines a cached script's classes on demand, under the compiler's class loader. */
    static final class BytesClassLoader extends ClassLoader {
        private final Map<String, byte[]> classes;

        BytesClassLoader(ClassLoader parent, Map<String, byte[]> classes) {
            super(parent);
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] b = classes.get(name);
            if (b == null) throw new ClassNotFoundException(name);
            return defineClass(name, b, 0, b.length);
        }
    }
}
