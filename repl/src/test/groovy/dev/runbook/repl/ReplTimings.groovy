package dev.runbook.repl

import org.jline.reader.Candidate
import org.jline.reader.Parser

import java.nio.file.Files
import java.nio.file.Path

/**
 * Not a spec: prints the median time to load a runbook in a warm REPL (compile + open its run) and to compute
 * completions: wall time, and the CPU time of the thread doing it (which hardly moves when other work shares the
 * machine; wall time adds the journal's fsync and any wait for a core). Run: bench/repl-timings.sh (it builds the
 * class path).
 */
class ReplTimings {
    static void main(String[] args) {
        Path dir = Files.createTempDirectory('repl-timings')
        Path file = args ? Path.of(args[0]) : Path.of('bench/runbooks/three-steps.groovy')
        def harness = new ReplHarness(dir)
        def driver = harness.repl.driver()
        def reader = harness.repl.reader()
        20.times { driver.load(file, [:]) } // warm: the first load pays for Groovy's start
        List<double[]> loads = (1..30).collect { time { driver.load(file, [:]) } }
        def lines = ['ne', 'goto ', 'http.', 'sh', "steps['Do", "steps['Do nothing'].st"]
        lines.each { complete(reader, it) }
        List<double[]> completions = (1..200).collect { i -> time { complete(reader, lines[i % lines.size()]) } }
        System.err.flush()
        println "load ${file.fileName} (warm, compile + open the run): median ${median(loads*.getAt(0))} ms, " +
                "cpu ${median(loads*.getAt(1))} ms"
        println "completion (commands, steps, integration methods, steps[' and a step result's fields): median ${median(completions*.getAt(0))} ms, " +
                "cpu ${median(completions*.getAt(1))} ms"
        harness.close()
        dir.toFile().deleteDir()
    }

    /** [wall ms, this thread's CPU ms] */
    static double[] time(Closure c) {
        def threads = java.lang.management.ManagementFactory.threadMXBean
        long cpu0 = threads.currentThreadCpuTime
        long t0 = System.nanoTime()
        c()
        [(System.nanoTime() - t0) / 1e6, (threads.currentThreadCpuTime - cpu0) / 1e6] as double[]
    }

    static double median(List<Double> xs) {
        def s = xs.sort(false)
        Math.round(s[s.size().intdiv(2)] * 100) / 100
    }

    static void complete(reader, String line) {
        List<Candidate> out = []
        reader.completer.complete(reader, reader.parser.parse(line, line.length(), Parser.ParseContext.COMPLETE), out)
    }
}
