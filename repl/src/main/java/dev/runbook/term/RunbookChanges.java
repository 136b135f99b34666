package dev.runbook.term;

import dev.runbook.compile.RunbookCompiler;
import dev.runbook.model.Node;
import dev.runbook.model.Runbook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which steps differ between the runbook a run started with (the copy kept in its folder) and the file as it is
 * now: added, removed, moved, and changed (the text of the step, compared without indentation). {@code resume} and
 * the REPL's {@code --run} and {@code reload} say it the same way.
 */
public final class RunbookChanges {
    private RunbookChanges() {}

    public static List<String> describe(RunbookCompiler compiler, Runbook now, Path nowFile, Path original, List<String> originalNames) {
        return describe(compiler, now, read(nowFile), original == null ? Optional.empty() : read(original), originalNames);
    }

    /** As above, from the two texts (empty: not known); the REPL keeps the text it loaded. */
    public static List<String> describe(RunbookCompiler compiler, Runbook now, Optional<String> nowText, Optional<String> originalText,
                                        List<String> originalNames) {
        List<String> lines = new ArrayList<>();
        List<String> nowNames = now.nodes().stream().map(Node::name).toList();
        for (String n : originalNames) if (!nowNames.contains(n)) lines.add("removed: " + n);
        for (String n : nowNames) if (!originalNames.contains(n)) lines.add("added:   " + n);
        List<String> keptBefore = originalNames.stream().filter(nowNames::contains).toList();
        List<String> keptNow = nowNames.stream().filter(originalNames::contains).toList();
        if (!keptBefore.equals(keptNow)) lines.add("order:   " + String.join(" → ", keptNow) + " (was " + String.join(" → ", keptBefore) + ")");
        if (originalText.isPresent() && nowText.isPresent()) {
            Map<String, String> before = slices(compiler.compile(originalText.get(), now.source()), originalText.get());
            Map<String, String> after = slices(now, nowText.get());
            for (String n : keptNow) {
                if (!before.getOrDefault(n, "").equals(after.getOrDefault(n, ""))) lines.add("changed: " + n);
            }
            if (lines.isEmpty()) lines.add("no step differs; the change is outside the steps (params, handlers, metadata)");
        } else if (lines.isEmpty()) {
            lines.add("the step names are the same; which step bodies changed cannot be told (the run kept no copy of the file)");
        }
        return lines;
    }

    /** Each node's source text: from its line to the line before the next node, indentation and blank lines ignored. */
    private static Map<String, String> slices(Runbook r, String text) {
        String[] lines = text.split("\n", -1);
        Map<String, String> m = new java.util.LinkedHashMap<>();
        List<Node> nodes = r.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            int from = nodes.get(i).pos() == null ? 0 : nodes.get(i).pos().line() - 1;
            int to = i + 1 < nodes.size() && nodes.get(i + 1).pos() != null ? nodes.get(i + 1).pos().line() - 1 : lines.length;
            if (from < 0 || from >= lines.length || to <= from) continue;
            m.put(nodes.get(i).name(), java.util.Arrays.stream(lines, from, Math.min(to, lines.length)).map(String::strip)
                    .filter(l -> !l.isEmpty()).collect(Collectors.joining("\n")));
        }
        return m;
    }

    private static Optional<String> read(Path f) {
        try {
            return Files.isRegularFile(f) ? Optional.of(Files.readString(f)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
