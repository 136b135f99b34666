package dev.runbook.testing

import java.lang.annotation.ElementType
import java.lang.annotation.Retention
import java.lang.annotation.RetentionPolicy
import java.lang.annotation.Target

/**
 * Marks a feature (or every feature of a spec) that may also run against the real parts: under
 * {@code runbook test --real} the integrations named here are the real ones, pointed at the endpoints the
 * environment configures ({@link RealEndpoints}), in real time. Without {@code --real} it changes nothing: the
 * feature runs with fakes in virtual time as always.
 * <pre>
 * &#64;RealParts('docker')
 * def "re-creates the container from the previous image"() { ... }
 * </pre>
 * Under {@code --real}, a feature without it is skipped: its scripted answers (a failure the real part cannot be
 * made to give, a world the spec invents) only hold for fakes. A feature's own annotation wins over its spec's.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target([ElementType.TYPE, ElementType.METHOD])
@interface RealParts {
    /** The integrations that are real in real mode: {@code docker}, {@code pg}, {@code s3}, {@code k8s}. */
    String[] value()
}
