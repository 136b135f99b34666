package dev.runbook.compile;

import org.codehaus.groovy.runtime.GeneratedClosure;
import org.codehaus.groovy.runtime.InvokerHelper;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Makes the meta classes of a runbook's closures on a second thread while the script declares its steps. Groovy
 * makes a closure class's meta class when the first closure of it is created, which is when the script reaches
 * {@code step('name') { ... }}: each step body is a class of its own, and its meta class (the methods and properties
 * of {@code Closure}, indexed for that class) costs about 0.5 ms cold. The script goes through its classes from the
 * first; this thread takes them from the last, so the two meet in the middle. While the runbook is read, the other
 * core is mostly idle: the CLI's main thread is waiting for it.
 */
final class ClosureMetaClasses {
    /** Below this many closures, a thread of its own costs more than it saves. */
    private static final int WORTH_A_THREAD = 8;

    private ClosureMetaClasses() {}

    static void prepare(ClassLoader loader, Collection<String> classNames) {
        List<String> closures = new ArrayList<>();
        for (String name : classNames) if (name.contains("_closure")) closures.add(name);
        if (closures.size() < WORTH_A_THREAD) return;
        Thread.ofPlatform().daemon().name("runbook-meta-classes").start(() -> {
            for (int i = closures.size() - 1; i >= 0; i--) {
                try {
                    Class<?> c = Class.forName(closures.get(i), false, loader);
                    if (GeneratedClosure.class.isAssignableFrom(c)) InvokerHelper.getMetaClass(c);
                } catch (ClassNotFoundException | LinkageError e) {
                    return; // the script reports what is wrong with its classes itself
                }
            }
        });
    }
}
