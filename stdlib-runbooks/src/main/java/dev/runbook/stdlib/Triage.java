package dev.runbook.stdlib;

import dev.runbook.model.Severity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The incident decision matrix of the standard library: error rate, p95 latency and how long users have been
 * affected decide the severity (P0..P3) and what to do. The worst signal wins; each rule that fired is a reason.
 * <pre>
 * import dev.runbook.stdlib.Triage
 * def verdict = Triage.classify(errorRate: 0.07, p95Ms: 2400, outage: 12.minutes)
 * verdict.severity   // P1
 * verdict.rollback   // true
 * verdict.action     // "Roll back now, with a lead's approval"
 * verdict.reasons    // [error rate 7.0% ≥ 5.0%, p95 2400 ms ≥ 2000 ms, affected for 12m ≥ 5m]
 * </pre>
 *
 * <table>
 * <tr><th></th><th>error rate</th><th>p95</th><th>users affected for</th><th>action</th></tr>
 * <tr><td>P0</td><td>≥ 25%</td><td></td><td>≥ 15 min</td><td>roll back now; approval waived, the team told after</td></tr>
 * <tr><td>P1</td><td>≥ 5%</td><td>≥ 2000 ms</td><td>≥ 5 min</td><td>roll back now with a lead's approval</td></tr>
 * <tr><td>P2</td><td>≥ 1%</td><td>≥ 1000 ms</td><td>any</td><td>investigate up to 15 min, then roll back (manager)</td></tr>
 * <tr><td>P3</td><td colspan="3">below all of these</td><td>monitor; fix forward</td></tr>
 * </table>
 * The thresholds are {@link Thresholds#DEFAULTS}; a team passes its own with {@link #classify(Map)}'s
 * {@code thresholds:}.
 */
public final class Triage {
    private Triage() {}

    /** Where each severity starts. Rates are fractions (0.05 is 5%). */
    public record Thresholds(double p0ErrorRate, Duration p0Outage,
                             double p1ErrorRate, long p1P95Ms, Duration p1Outage,
                             double p2ErrorRate, long p2P95Ms) {
        public static final Thresholds DEFAULTS = new Thresholds(0.25, Duration.ofMinutes(15),
                0.05, 2000, Duration.ofMinutes(5), 0.01, 1000);
    }

    /**
     * The decision.
     *
     * @param rollback the matrix says roll back now (P0, P1)
     * @param reasons  the rules that put it at this severity, e.g. "error rate 7.0% ≥ 5.0%"; for P3, what was seen
     */
    public record Verdict(Severity severity, String action, boolean rollback, List<String> reasons) {
        public Verdict {
            reasons = List.copyOf(reasons);
        }

        @Override
        public String toString() {
            return severity + ": " + action + " (" + String.join("; ", reasons) + ")";
        }
    }

    private static final Map<Severity, String> ACTIONS = Map.of(
            Severity.P0, "Roll back now: no approval needed (waived for P0, the team is told after); page the incident lead",
            Severity.P1, "Roll back now, with a lead's approval",
            Severity.P2, "Investigate for up to 15 minutes; roll back with a manager's approval if it does not improve",
            Severity.P3, "Monitor; fix forward in the next release");

    /** {@code classify(errorRate: 0.07, p95Ms: 2400, outage: 12.minutes)}; any may be left out (no signal); {@code thresholds:} optional. */
    public static Verdict classify(Map<String, ?> signals) {
        Set<String> known = Set.of("errorRate", "p95Ms", "outage", "thresholds");
        for (String k : signals.keySet()) {
            if (!known.contains(k)) throw new IllegalArgumentException("Triage.classify: unknown signal '" + k + "' — known: errorRate, p95Ms, outage, thresholds");
        }
        double rate = signals.get("errorRate") == null ? 0 : ((Number) signals.get("errorRate")).doubleValue();
        long p95 = signals.get("p95Ms") == null ? 0 : ((Number) signals.get("p95Ms")).longValue();
        Duration outage = signals.get("outage") == null ? Duration.ZERO : (Duration) signals.get("outage");
        Thresholds t = signals.get("thresholds") == null ? Thresholds.DEFAULTS : (Thresholds) signals.get("thresholds");
        return classify(rate, p95, outage, t);
    }

    public static Verdict classify(double errorRate, long p95Ms, Duration outage) {
        return classify(errorRate, p95Ms, outage, Thresholds.DEFAULTS);
    }

    public static Verdict classify(double errorRate, long p95Ms, Duration outage, Thresholds t) {
        if (errorRate < 0 || errorRate > 1) throw new IllegalArgumentException("Triage.classify: errorRate is a fraction between 0 and 1 (0.05 is 5%), not " + errorRate);
        if (p95Ms < 0 || outage.isNegative()) throw new IllegalArgumentException("Triage.classify: p95Ms and outage cannot be negative");
        List<String> p0 = new ArrayList<>();
        if (errorRate >= t.p0ErrorRate()) p0.add("error rate " + pct(errorRate) + " ≥ " + pct(t.p0ErrorRate()));
        if (outage.compareTo(t.p0Outage()) >= 0) p0.add("affected for " + mins(outage) + " ≥ " + mins(t.p0Outage()));
        if (!p0.isEmpty()) return verdict(Severity.P0, p0);

        List<String> p1 = new ArrayList<>();
        if (errorRate >= t.p1ErrorRate()) p1.add("error rate " + pct(errorRate) + " ≥ " + pct(t.p1ErrorRate()));
        if (p95Ms >= t.p1P95Ms()) p1.add("p95 " + p95Ms + " ms ≥ " + t.p1P95Ms() + " ms");
        if (outage.compareTo(t.p1Outage()) >= 0) p1.add("affected for " + mins(outage) + " ≥ " + mins(t.p1Outage()));
        if (!p1.isEmpty()) return verdict(Severity.P1, p1);

        List<String> p2 = new ArrayList<>();
        if (errorRate >= t.p2ErrorRate()) p2.add("error rate " + pct(errorRate) + " ≥ " + pct(t.p2ErrorRate()));
        if (p95Ms >= t.p2P95Ms()) p2.add("p95 " + p95Ms + " ms ≥ " + t.p2P95Ms() + " ms");
        if (outage.isPositive()) p2.add("affected for " + mins(outage));
        if (!p2.isEmpty()) return verdict(Severity.P2, p2);

        return verdict(Severity.P3, List.of("error rate " + pct(errorRate) + ", p95 " + p95Ms + " ms: below every threshold"));
    }

    private static Verdict verdict(Severity s, List<String> reasons) {
        return new Verdict(s, ACTIONS.get(s), s == Severity.P0 || s == Severity.P1, reasons);
    }

    private static String pct(double rate) {
        return String.format(java.util.Locale.ROOT, "%.1f%%", rate * 100);
    }

    private static String mins(Duration d) {
        long s = d.toSeconds();
        return s % 60 == 0 ? (s / 60) + "m" : (s / 60) + "m" + (s % 60) + "s";
    }
}
