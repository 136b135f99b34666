package dev.runbook.compile;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.lang.SourceIndex;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
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
 */
public final class ClassCache {
    private static final int FORMAT = 1;
    /** Made on the first read or write, not with the compiler: Jackson's set-up costs ~0.25 s at start-up. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

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

    /** The key of a source compiled under a given file name and base class, by this build of the tool. */
    public static String key(String text, String fileName, String baseClass) {
        return sha256(FORMAT + "\n" + toolStamp() + "\n" + fileName + "\n" + baseClass + "\n" + text);
    }

    public Optional<Entry> load(String key) {
        Path f = dir.resolve(key + ".json");
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            Stored s = Json.MAPPER.readValue(f.toFile(), Stored.class);
            if (s.format != FORMAT) return Optional.empty();
            Map<String, byte[]> classes = new LinkedHashMap<>();
            s.classes.forEach((name, b64) -> classes.put(name, Base64.getDecoder().decode(b64)));
            return Optional.of(new Entry(s.script, classes, s.calls));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty(); // damaged: compile again, and the store below replaces it
        }
    }

    /** Best effort: a cache that cannot be written only costs the next run a compile. */
    public void store(String key, Entry entry) {
        try {
            Files.createDirectories(dir);
            Stored s = new Stored();
            s.format = FORMAT;
            s.script = entry.scriptClass();
            s.calls = entry.calls();
            s.classes = new LinkedHashMap<>();
            entry.classes().forEach((name, bytes) -> s.classes.put(name, Base64.getEncoder().encodeToString(bytes)));
            Path tmp = Files.createTempFile(dir, key, ".tmp");
            Json.MAPPER.writeValue(tmp.toFile(), s);
            Files.move(tmp, dir.resolve(key + ".json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            // not fatal, see above
        }
    }

    /** Jackson's view of an entry. */
    public static final class Stored {
        public int format;
        public String script;
        public Map<String, String> classes;
        public List<SourceIndex.Call> calls;
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

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
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
