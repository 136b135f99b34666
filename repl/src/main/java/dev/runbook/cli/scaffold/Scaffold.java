package dev.runbook.cli.scaffold;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The files of {@code runbook init} (a runbooks repository) and {@code runbook new} (a runbook and its spec), from
 * the templates in {@code scaffold/} beside this class, and how they are written: never over an existing file
 * unless forced.
 */
public final class Scaffold {
    private Scaffold() {}

    /** What {@code runbook new} accepts: it becomes a file name, a runbook name and (in PascalCase) a class name. */
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    /** The runbook {@code runbook init} starts a repository with. */
    public static final String FIRST_RUNBOOK = "restart-api.groovy";

    /**
     * A file to write, relative to the target folder.
     *
     * @param addLines when the file exists, add the lines it lacks instead of counting as a conflict (.gitignore)
     * @param executable a script to run (runbookw): written with the execute bits set
     */
    public record File(String path, String text, boolean addLines, boolean executable) {
        public File(String path, String text, boolean addLines) {
            this(path, text, addLines, false);
        }
    }

    /** What writing did: the files written, and the files that were in the way (nothing is written then). */
    public record Outcome(List<String> written, List<String> updated, List<String> conflicts) {
        public boolean refused() {
            return !conflicts.isEmpty();
        }
    }

    /** A runbooks repository: team file, a first runbook and its spec, README, .gitignore, IDE descriptors. */
    public static List<File> repository() {
        return List.of(
                new File("runbook.team.groovy", template("runbook.team.groovy"), false),
                new File(FIRST_RUNBOOK, template("restart-api.groovy"), false),
                new File("RestartApiSpec.groovy", template("RestartApiSpec.groovy"), false),
                new File("README.md", template("README.md"), false),
                new File(".gitignore", template("gitignore"), true),
                new File("runbook.gdsl", IdeDescriptors.gdsl(), false),
                new File("runbook.dsld", IdeDescriptors.dsld(), false));
    }

    /** A new runbook {@code name.groovy} and its spec {@code PascalNameSpec.groovy}; see {@link #nameProblem}. */
    public static List<File> runbook(String name) {
        String spec = specClassName(name);
        return List.of(
                new File(name + ".groovy", fill(template("new-runbook.groovy.txt"), name, spec), false),
                new File(spec + ".groovy", fill(template("NewSpec.groovy.txt"), name, spec), false));
    }

    /** Why {@code name} cannot name a new runbook, with what to write instead; empty when it can. */
    public static Optional<String> nameProblem(String name) {
        if (NAME.matcher(name).matches()) return Optional.empty();
        String slug = slug(name);
        String instead = NAME.matcher(slug).matches() ? "e.g. " + slug : "e.g. restart-api";
        if (name.endsWith(".groovy")) return Optional.of("give the name without .groovy — " + instead);
        return Optional.of("a runbook name is a slug: lowercase letters, digits and single dashes, starting with a letter "
                + "(it names the file, the runbook and its spec class) — " + instead);
    }

    /** {@code restart-api} → {@code RestartApiSpec}. */
    public static String specClassName(String name) {
        StringBuilder s = new StringBuilder();
        for (String part : name.split("-")) {
            if (!part.isEmpty()) s.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return s.append("Spec").toString();
    }

    /** {@code disk-cleanup} → {@code Disk cleanup}. */
    static String title(String name) {
        String words = name.replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** The closest slug to what was typed: {@code Restart_API.groovy} → {@code restart-api}. */
    static String slug(String typed) {
        String s = typed.endsWith(".groovy") ? typed.substring(0, typed.length() - ".groovy".length()) : typed;
        s = s.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        return s.replaceAll("^-+|-+$", "");
    }

    /**
     * Writes {@code files} into {@code dir} (created when missing). Refuses, writing nothing, when any of them
     * exists, unless {@code force}; a file marked {@code addLines} gets the lines it lacks instead.
     */
    public static Outcome write(Path dir, List<File> files, boolean force) throws IOException {
        List<String> conflicts = new ArrayList<>();
        for (File f : files) {
            if (!f.addLines() && Files.exists(dir.resolve(f.path()))) conflicts.add(f.path());
        }
        if (!conflicts.isEmpty() && !force) return new Outcome(List.of(), List.of(), conflicts);
        Files.createDirectories(dir);
        List<String> written = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        for (File f : files) {
            Path target = dir.resolve(f.path());
            if (f.addLines() && Files.exists(target)) {
                if (addMissingLines(target, f.text())) updated.add(f.path());
            } else {
                if (target.getParent() != null) Files.createDirectories(target.getParent());
                Files.writeString(target, f.text(), StandardCharsets.UTF_8);
                if (f.executable()) Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                written.add(f.path());
            }
        }
        return new Outcome(written, updated, List.of());
    }

    /** Appends the non-comment lines of {@code text} that {@code file} lacks (with their comments); true when it did. */
    private static boolean addMissingLines(Path file, String text) throws IOException {
        List<String> present = Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip).toList();
        boolean missing = text.lines().anyMatch(l -> !l.isBlank() && !l.startsWith("#") && !present.contains(l.strip()));
        if (!missing) return false;
        String existing = Files.readString(file, StandardCharsets.UTF_8);
        String prefix = existing.isEmpty() || existing.endsWith("\n") ? "" : "\n";
        Files.writeString(file, prefix + "\n" + text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return true;
    }

    private static String fill(String template, String name, String spec) {
        return template.replace("{{name}}", name).replace("{{spec}}", spec).replace("{{title}}", title(name));
    }

    private static String template(String name) {
        try (InputStream in = Scaffold.class.getResourceAsStream("/dev/runbook/cli/scaffold/" + name)) {
            if (in == null) throw new IllegalStateException("the template " + name + " is missing from the runbook jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
