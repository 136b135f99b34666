package dev.runbook.engine;

import java.lang.management.ManagementFactory;

/**
 * What to say when a runbook fills the tool's heap. The launcher sets a limit (-Xmx in scripts/start-up-cache.sh)
 * so that a runaway runbook ends with this line instead of taking the machine's memory; the step fails, is not
 * retried, the run ends failed and the CLI exits 4 (its environment, not the runbook's commands, gave out).
 */
public final class OutOfMemory {
    private OutOfMemory() {}

    /** One line: how much the runbook may use, and how to allow more. */
    public static String message() {
        long mb = limitMb();
        return "the runbook used more than " + mb + " MB of memory (the tool's limit) — keep less in memory, or set "
                + "RUNBOOK_JAVA_OPTS=-Xmx" + Math.max(1024, mb * 2) + "m to allow more";
    }

    /** The -Xmx the JVM was given, as the person wrote it; else the heap's own maximum. */
    static long limitMb() {
        long mb = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        try {
            for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (arg.startsWith("-Xmx")) mb = parse(arg.substring(4), mb);
            }
        } catch (RuntimeException | Error e) {
            // no management beans here (or no memory left to load them): the heap's own maximum will do
        }
        return mb;
    }

    private static long parse(String size, long otherwise) {
        if (size.isEmpty()) return otherwise;
        char unit = Character.toLowerCase(size.charAt(size.length() - 1));
        try {
            long n = Long.parseLong(Character.isDigit(unit) ? size : size.substring(0, size.length() - 1));
            return switch (unit) {
                case 'g' -> n * 1024;
                case 'm' -> n;
                case 'k' -> n / 1024;
                default -> Character.isDigit(unit) ? n / (1024 * 1024) : otherwise;
            };
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
