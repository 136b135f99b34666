package dev.runbook.cli;

import dev.runbook.console.Verification;
import dev.runbook.identity.ApprovalSignature;
import dev.runbook.journal.Event;
import dev.runbook.journal.EventTypes;
import dev.runbook.journal.RunStore;
import dev.runbook.term.RunLookup;
import dev.runbook.term.ExitCodes;
import dev.runbook.term.Io;
import dev.runbook.term.Journals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code runbook approve RUN --as NAME}: approve (or {@code --deny}) a run that waits at an approval point, from
 * another terminal, or another machine with a shared journal. The decision goes to the run's store (a file in its
 * folder, or a row and a NOTIFY in PostgreSQL); the waiting run checks it against the team policy, journals it, and
 * this command reports what the run made of it.
 */
@Command(name = "approve", description = "Approve or deny a run that waits for approval (from another terminal).",
        mixinStandardHelpOptions = true)
public final class ApproveCommand implements Callable<Integer> {
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

    @Option(names = "--key", paramLabel = "FILE", description = "sign the decision with this SSH key (the team file's key: "
            + "for you): a private key file, or its public key file (id_ed25519.pub) to sign through ssh-agent (SSH_AUTH_SOCK) "
            + "without the private key file; needed when the team binds your name to a key")
    Path key;

    @Option(names = "--journal", paramLabel = "DIR|URL", description = "where the runs are: a folder, or jdbc:postgresql://HOST/DB "
            + "(default: the team file's journal, else .runbook/runs)")
    String journal;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "10", description = "how long to wait for the run to answer")
    int waitSeconds;

    public ApproveCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws InterruptedException {
        try (RunStore store = Journals.open(io, journal)) {
            return approve(store);
        }
    }

    private int approve(RunStore top) throws InterruptedException {
        Optional<WaitingRuns.Found> found = findRun(top);
        if (found.isEmpty()) return ExitCodes.BAD_INPUT;
        // the approval may wait inside an include: its sub-run has its own journal and inbox
        WaitingRuns.Found at = WaitingRuns.follow(found.get());
        RunStore store = at.store();
        Optional<String> id = Optional.of(at.id());
        List<Event> events = store.read(id.get()).events();
        Optional<Event> waiting = waitingFor(events);
        if (waiting.isEmpty()) {
            io.err().println("runbook: run " + id.get() + " is not waiting for an approval");
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
        // the answer to this request only: a copy sent to another run, approval or later request is refused there
        String waitingRun = waiting.get().str("run") != null ? waiting.get().str("run") : id.get();
        String approval = waiting.get().str("approval");
        String nonce = waiting.get().str("nonce") == null ? "" : waiting.get().str("nonce");
        decision.put("run", waitingRun);
        decision.put("approval", approval);
        decision.put("nonce", nonce);
        decision.put("osUser", System.getProperty("user.name", "unknown")); // journaled beside the claimed name
        if (key != null) {
            try {
                decision.put("signature", ApprovalSignature.sign(key, ApprovalSignature.payload(waitingRun, approval,
                        String.valueOf(decision.get("decision")), by, nonce), io.env().get("SSH_AUTH_SOCK")));
            } catch (java.io.IOException e) {
                io.err().println("runbook: " + e.getMessage());
                return ExitCodes.ABORTED;
            }
        }
        String ref = store.sendDecision(id.get(), decision);
        io.out().println((deny ? "Denial" : "Approval") + " by " + by + " sent to run " + id.get() + at.via()
                + " (" + waiting.get().str("approval") + ": needs " + waiting.get().str("needs") + ")");
        long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (Event e : store.read(id.get()).events()) {
                if (!ref.equals(e.str("ref"))) continue;
                switch (e.type()) {
                    case EventTypes.APPROVAL_GRANTED -> {
                        io.out().println("✓ accepted: " + by + " approved (" + e.get("roles") + "; " + Verification.describe(e) + ")");
                        return ExitCodes.OK;
                    }
                    case EventTypes.APPROVAL_REFUSED -> {
                        io.err().println("✗ not accepted: " + e.str("why"));
                        // an identity that does not verify (a bad or replayed signature) is denied; a roster mistake is bad input
                        return Boolean.TRUE.equals(e.get("identityRefused")) ? ExitCodes.ABORTED : ExitCodes.BAD_INPUT;
                    }
                    case EventTypes.APPROVAL_OBJECTED -> {
                        io.err().println("✗ not a denial: " + e.str("why") + ". Your objection is journaled and shown to the approvers.");
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
                + "(see runbook's journal " + store.journalOf(id.get()) + ")");
        return ExitCodes.ENVIRONMENT;
    }

    private Optional<WaitingRuns.Found> findRun(RunStore store) {
        if (run != null) {
            List<String> problems = new java.util.ArrayList<>();
            Optional<String> id = RunLookup.find(store, run, problems::add);
            if (id.isPresent()) return Optional.of(new WaitingRuns.Found(store, id.get(), ""));
            // the id an approval prompt inside an include prints is its sub-run's
            Optional<WaitingRuns.Found> sub = WaitingRuns.subRun(store, run);
            if (sub.isEmpty()) problems.forEach(p -> io.err().println("runbook: " + p));
            return sub;
        }
        List<String> waiting = store.runIds().stream().filter(id -> {
            WaitingRuns.Found f = WaitingRuns.follow(new WaitingRuns.Found(store, id, ""));
            return waitingFor(f.store().read(f.id()).events()).isPresent();
        }).toList();
        if (waiting.size() == 1) return Optional.of(new WaitingRuns.Found(store, waiting.get(0), ""));
        if (waiting.isEmpty()) io.err().println("runbook: no run in " + store.location() + " is waiting for an approval");
        else io.err().println("runbook: several runs wait for approval; name one: " + String.join(", ", waiting));
        return Optional.empty();
    }

    /** The approval request the run still waits on, if any. */
    public static Optional<Event> waitingFor(List<Event> events) {
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
