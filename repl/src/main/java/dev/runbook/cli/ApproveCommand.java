package dev.runbook.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.journal.Event;
import dev.runbook.journal.EventTypes;
import dev.runbook.journal.JournalReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code runbook approve RUN --as NAME}: approve (or {@code --deny}) a run that waits at an approval point, from
 * another terminal. The decision goes into the run's folder; the waiting run checks it against the team policy,
 * journals it, and this command reports what the run made of it.
 */
@Command(name = "approve", description = "Approve or deny a run that waits for approval (from another terminal).",
        mixinStandardHelpOptions = true)
final class ApproveCommand implements Callable<Integer> {
    /** Made when a decision is written, not when the command tree is built: Jackson's set-up costs ~0.25 s. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
    private final Io io;

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN", description = "the run id (or a unique start of it); "
            + "default: the one run that is waiting")
    String run;

    @Option(names = "--as", paramLabel = "NAME", description = "who approves (default: the OS user)")
    String as;

    @Option(names = "--role", paramLabel = "ROLE", description = "your role, where the team file has no roster")
    String role;

    @Option(names = "--deny", description = "deny instead of approve: the run stops (exit code 3)")
    boolean deny;

    @Option(names = "--reason", paramLabel = "TEXT", description = "why (journaled)")
    String reason;

    @Option(names = "--journal", paramLabel = "DIR", description = "the folder of runs (default: .runbook/runs)")
    Path journal;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "10", description = "how long to wait for the run to answer")
    int waitSeconds;

    ApproveCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path root = RunFolders.root(journal);
        Optional<Path> dir = findRun(root);
        if (dir.isEmpty()) return ExitCodes.BAD_INPUT;
        List<Event> events = JournalReader.read(dir.get());
        Optional<Event> waiting = waitingFor(events);
        if (waiting.isEmpty()) {
            io.err().println("runbook: run " + dir.get().getFileName() + " is not waiting for an approval");
            return ExitCodes.BAD_INPUT;
        }
        String by = as != null ? as : System.getProperty("user.name", "unknown");
        Map<String, Object> decision = new LinkedHashMap<>();
        decision.put("by", by);
        if (role != null) decision.put("role", role);
        decision.put("decision", deny ? "deny" : "approve");
        if (reason != null) decision.put("reason", reason);
        decision.put("host", System.getenv().getOrDefault("HOSTNAME", ""));
        decision.put("at", java.time.Instant.now().toString());
        Path inbox = dir.get().resolve("approvals");
        Files.createDirectories(inbox);
        String name = System.currentTimeMillis() + "-" + by.replaceAll("[^A-Za-z0-9_.-]", "_") + ".json";
        Path tmp = inbox.resolve("." + name + ".tmp");
        Files.writeString(tmp, Json.MAPPER.writeValueAsString(decision));
        Files.move(tmp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE); // the run never sees half a file
        io.out().println((deny ? "Denial" : "Approval") + " by " + by + " sent to run " + dir.get().getFileName()
                + " (" + waiting.get().str("approval") + ": needs " + waiting.get().str("needs") + ")");
        long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (Event e : JournalReader.read(dir.get())) {
                if (!name.equals(e.str("ref"))) continue;
                switch (e.type()) {
                    case EventTypes.APPROVAL_GRANTED -> {
                        io.out().println("✓ accepted: " + by + " approved (" + e.get("roles") + ")");
                        return ExitCodes.OK;
                    }
                    case EventTypes.APPROVAL_REFUSED -> {
                        io.err().println("✗ not accepted: " + e.str("why"));
                        return ExitCodes.BAD_INPUT;
                    }
                    case EventTypes.APPROVAL_DENIED -> {
                        io.out().println("✓ the run recorded the denial and stops");
                        return ExitCodes.OK;
                    }
                    default -> { }
                }
            }
            Thread.sleep(200);
        }
        io.err().println("runbook: the run did not answer within " + waitSeconds + "s; is it still running? "
                + "(see runbook's journal " + dir.get().resolve("journal.jsonl") + ")");
        return ExitCodes.ENVIRONMENT;
    }

    private Optional<Path> findRun(Path root) throws IOException {
        if (run != null) return RunFolders.find(io, root, run);
        List<Path> waiting = RunFolders.all(root).stream().filter(p -> waitingFor(JournalReader.read(p)).isPresent()).toList();
        if (waiting.size() == 1) return Optional.of(waiting.get(0));
        if (waiting.isEmpty()) io.err().println("runbook: no run in " + root + " is waiting for an approval");
        else io.err().println("runbook: several runs wait for approval; name one: "
                + String.join(", ", waiting.stream().map(p -> p.getFileName().toString()).toList()));
        return Optional.empty();
    }

    /** The approval request the run still waits on, if any. */
    static Optional<Event> waitingFor(List<Event> events) {
        Event open = null;
        for (Event e : events) {
            switch (e.type()) {
                case EventTypes.APPROVAL_REQUESTED -> open = e;
                case EventTypes.APPROVAL_SATISFIED, EventTypes.APPROVAL_DENIED, EventTypes.APPROVAL_WAIVED,
                     EventTypes.RUN_FINISHED -> open = null;
                case EventTypes.STEP_FINISHED -> {
                    if (open != null && open.str("approval").equals(e.str("step"))) open = null;
                }
                default -> { }
            }
        }
        return Optional.ofNullable(open);
    }
}
