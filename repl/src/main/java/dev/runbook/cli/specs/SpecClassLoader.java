package dev.runbook.cli.specs;

import java.util.Map;

/** Defines the classes compiled from the spec files, on demand, over the tool's own class path. */
final class SpecClassLoader extends ClassLoader {
    private final Map<String, byte[]> classes;

    SpecClassLoader(ClassLoader parent, Map<String, byte[]> classes) {
        super("runbook-specs", parent);
        this.classes = Map.copyOf(classes);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) throw new ClassNotFoundException(name);
        return defineClass(name, bytes, 0, bytes.length);
    }
}
