package dev.runbook.testing

import groovy.transform.CompileStatic

/**
 * One call a runbook made on a faked integration, as the spec's answer closure sees it:
 * {@code k8s.deployment('api', ns: 'prod').undo(toRevision: 3)} has path {@code deployment.undo}, target
 * {@code 'api'}, {@code args} [] and {@code named} [toRevision: 3] (of the last call), and {@code text} as written.
 */
@CompileStatic
class FakeCall {
    static class Segment {
        String method
        Map<String, Object> named
        List<Object> args

        String toString() {
            List<String> parts = []
            named.each { k, v -> parts << "$k: ${show(v)}".toString() }
            args.each { parts << show(it) }
            // the integration called as a function, compose('deploy.yml'), is the segment with no name
            "${method == 'call' ? '' : method}(${parts.join(', ')})"
        }

        private static String show(Object v) {
            v instanceof CharSequence ? "'$v'" : v instanceof java.time.Duration ? dev.runbook.lang.Durations.format((java.time.Duration) v) : String.valueOf(v)
        }
    }

    final String integration
    final List<Segment> segments
    final String step

    FakeCall(String integration, List<Segment> segments, String step) {
        this.integration = integration
        this.segments = List.copyOf(segments)
        this.step = step
    }

    /** The method names joined by dots: {@code deployment.undo}. */
    String getPath() { segments*.method.findAll { it != 'call' }.join('.') }

    /** The call as the runbook wrote it: {@code k8s.deployment('api', ns: 'prod').undo()}. */
    String getText() { integration + (segments[0].method == 'call' ? '' : '.') + segments.join('.') }

    /** The first positional argument of the first call: the container, deployment or database acted on. */
    Object getTarget() { segments[0].args ? segments[0].args[0] : null }

    /** Positional arguments of the last call. */
    List<Object> getArgs() { segments[-1].args }

    /** Named arguments of the last call. */
    Map<String, Object> getNamed() { segments[-1].named }

    /** Named arguments of every call in the chain, later ones winning: {@code ns} of {@code deployment(..., ns:)}. */
    Map<String, Object> getAllNamed() {
        Map<String, Object> all = [:]
        segments.each { all.putAll(it.named) }
        all
    }

    String toString() { text }
}
