package dev.runbook.journal;

import com.fasterxml.jackson.core.type.TypeReference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The run folder's {@code approvals/}: {@code runbook approve} drops one JSON file per decision (written aside and
 * renamed into place, so a run never reads half of one); the file's name is the decision's reference.
 */
public final class FileApprovalInbox implements ApprovalInbox {
    public static final String FOLDER = "approvals";

    private final Path dir;

    public FileApprovalInbox(Path runDir) {
        this.dir = runDir.resolve(FOLDER);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new JournalException("cannot create " + dir + " for approvals: " + e.getMessage(), e);
        }
    }

    /** Writes a decision into {@code runDir/approvals}; returns its reference (the file's name). */
    public static String send(Path runDir, Map<String, Object> decision) {
        Path inbox = runDir.resolve(FOLDER);
        String by = String.valueOf(decision.get("by"));
        String name = System.currentTimeMillis() + "-" + by.replaceAll("[^A-Za-z0-9_.-]", "_") + ".json";
        try {
            Files.createDirectories(inbox);
            Path tmp = inbox.resolve("." + name + ".tmp");
            Files.writeString(tmp, Json.MAPPER.writeValueAsString(decision));
            Files.move(tmp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE); // the run never sees half a file
        } catch (IOException e) {
            throw new JournalException("cannot write the decision into " + inbox + ": " + e.getMessage(), e);
        }
        return name;
    }

    @Override
    public List<Decision> fresh(Set<String> seen) {
        List<Decision> out = new ArrayList<>();
        for (Path f : names(seen)) {
            try {
                out.add(new Decision(f.getFileName().toString(),
                        Json.MAPPER.readValue(f.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {}), owner(f)));
            } catch (IOException e) {
                // a half-written file is renamed into place, so this one is not ours: skip it
                out.add(new Decision(f.getFileName().toString(), null));
            }
        }
        return out;
    }

    /** The OS user who owns the file: who wrote it, as the file system (not the file) says. */
    private static Sender owner(Path f) {
        try {
            return new Sender(Files.getOwner(f).getName(), null);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    @Override
    public boolean hasFresh(Set<String> seen) {
        return !names(seen).isEmpty();
    }

    private List<Path> names(Set<String> seen) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json") && !seen.contains(f.getFileName().toString())).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
