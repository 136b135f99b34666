package dev.runbook.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs in a folder (default {@code .runbook/runs}): one folder per run, named by its id, holding
 * {@code journal.jsonl}, {@code source.groovy}, {@code approvals/} and the artifacts. Locks are files under
 * {@code locks/} held with {@code flock}: they exclude runs on this machine only.
 */
public final class FileRunStore implements RunStore {
    /** The runbook file as it was run, beside the journal. */
    public static final String SOURCE_COPY = "source.groovy";

    private final Path root;

    public FileRunStore(Path root) {
        this.root = root;
    }

    public Path root() { return root; }

    @Override
    public String location() { return root.toString(); }

    @Override
    public List<String> runIds() {
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> Files.isRegularFile(p.resolve(FileJournal.FILE_NAME)))
                    .map(p -> p.getFileName().toString())
                    .sorted(Comparator.reverseOrder()).toList();
        } catch (IOException e) {
            throw new JournalException("cannot list the runs in " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public JournalReader.Contents read(String runId) {
        return JournalReader.readContents(runDir(runId));
    }

    @Override
    public JournalReader.Contents readTimeline(String runId) {
        return JournalReader.readContents(runDir(runId), java.util.Set.of(EventTypes.STEP_OUTPUT));
    }

    @Override
    public List<Event> readEnds(String runId) {
        return JournalReader.readEnds(runDir(runId));
    }

    @Override
    public String journalOf(String runId) {
        return runDir(runId).resolve(FileJournal.FILE_NAME).toString();
    }

    @Override
    public Path runDir(String runId) {
        return root.resolve(runId);
    }

    @Override
    public Journal create(String runId) {
        FileRunOwner owner = FileRunOwner.take(runDir(runId), runId);
        try {
            return FileJournal.create(runDir(runId), owner);
        } catch (RuntimeException e) {
            owner.close();
            throw e;
        }
    }

    /**
     * Takes the run first: of two resumes started together, the second is refused here with who holds the run.
     * One that takes it after the other has ended finds events it did not read, and is refused too.
     */
    @Override
    public Journal reopen(String runId, long validBytes) {
        FileRunOwner owner = FileRunOwner.take(runDir(runId), runId);
        try {
            if (FileRunOwner.writtenSince(runDir(runId).resolve(FileJournal.FILE_NAME), validBytes)) {
                throw RunOwnedException.changedSinceRead(runId);
            }
            return FileJournal.reopen(runDir(runId), validBytes, owner);
        } catch (RuntimeException e) {
            owner.close();
            throw e;
        }
    }

    @Override
    public void keepSource(String runId, Path source) {
        try {
            if (Files.isRegularFile(source)) Files.copy(source, runDir(runId).resolve(SOURCE_COPY), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // only resume's "which steps differ" needs it; it falls back to comparing step names
        }
    }

    @Override
    public Optional<Path> sourceCopy(String runId) {
        Path p = runDir(runId).resolve(SOURCE_COPY);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    @Override
    public String sendDecision(String runId, Map<String, Object> decision) {
        return FileApprovalInbox.send(runDir(runId), decision);
    }

    @Override
    public ApprovalInbox inbox(String runId) {
        return new FileApprovalInbox(runDir(runId));
    }

    @Override
    public HeldLocks lock(List<String> keys, LockHolder holder, Duration wait) {
        if (keys.isEmpty()) return HeldLocks.NONE;
        return FileLocks.take(root, keys, holder, wait);
    }

    @Override
    public void close() {}
}
