package dev.runbook.cli.importer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A runbook as the importer makes it from a procedure, before it is written as Groovy. Every part keeps the page
 * line it was made from and the comments that say how; a comment starting with {@link #REVIEW} is a point a person
 * must decide (IMPORT.md lists them).
 */
final class Draft {
    static final String REVIEW = "REVIEW: ";

    final String name;
    final Procedure source;
    String title = "";
    String description = "";
    final Map<String, Param> params = new LinkedHashMap<>();
    final Map<String, Secret> secrets = new LinkedHashMap<>();
    /** The URLs of the page's curl checks of /health, in the order first seen. */
    final List<String> healthUrls = new ArrayList<>();
    final List<Integer> healthLines = new ArrayList<>();
    final List<Node> nodes = new ArrayList<>();

    Draft(String name, Procedure source) {
        this.name = name;
        this.source = source;
    }

    /** @param value the default; null when required */
    record Param(String name, String value, int line, List<String> comments) {}

    record Secret(String name, int line, List<String> comments) {}

    sealed interface Node {
        int line();

        List<String> comments();
    }

    /** @param endLine the last page line it was made from */
    record Step(String name, int line, int endLine, List<String> comments, List<Item> body) implements Node {}

    record Manual(String text, int line, List<String> comments) implements Node {}

    /**
     * @param level the severity whose team policy applies (0..3), or -1 for approvers by role
     * @param roles the roles, when by role
     */
    record Approval(int level, List<String> roles, String reason, int line, List<String> comments) implements Node {}

    record HealthGate(int line, List<String> comments) implements Node {}

    /** What a step's body holds. */
    sealed interface Item {}

    /** @param line the page line it is about; 0 for the step's */
    record Comment(String text, int line) implements Item {
        Comment(String text) {
            this(text, 0);
        }
    }

    /**
     * One {@code sh} call.
     *
     * @param command the page's bash, as written (a whole script, or one command)
     * @param env     the params it reads, passed in its environment
     * @param dir     the folder it runs in (from a {@code cd} above it); null for the run's folder
     */
    record Sh(String command, List<String> env, String dir, int line) implements Item {}

    boolean hasSteps() {
        return nodes.stream().anyMatch(n -> n instanceof Step);
    }
}
