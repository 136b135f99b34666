package dev.runbook.lang;

import groovy.lang.GroovyObjectSupport;

/**
 * Returned in place of a name that was already reported as a problem, so that evaluation goes on and
 * the author sees every other problem too, instead of a NullPointerException on the next dot.
 */
final class Absorbing extends GroovyObjectSupport {
    static final Absorbing INSTANCE = new Absorbing();

    @Override
    public Object getProperty(String propertyName) {
        return this;
    }

    @Override
    public void setProperty(String propertyName, Object newValue) {}

    @Override
    public Object invokeMethod(String name, Object args) {
        return this;
    }

    @Override
    public String toString() {
        return "?";
    }
}
