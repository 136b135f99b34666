package dev.runbook.cli.specs;

import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Runs compiled specs on the JUnit Platform with Spock's engine, as Maven's surefire does, but isolated from
 * whatever platform configuration the surrounding JVM has (system properties, auto-registered listeners).
 */
public final class SpecLauncher {
    private final String filter;
    private final Path junitXml;
    private final PrintWriter xmlErrors;

    /**
     * @param filter    run only the features whose spec or feature name contains this (case-insensitive); null: all
     * @param junitXml  where to write JUnit XML reports; null: none
     * @param xmlErrors where the XML writer reports its own problems
     */
    public SpecLauncher(String filter, Path junitXml, PrintWriter xmlErrors) {
        this.filter = filter == null || filter.isBlank() ? null : filter.toLowerCase(Locale.ROOT);
        this.junitXml = junitXml;
        this.xmlErrors = xmlErrors;
    }

    public void run(CompiledSpecs specs, TestExecutionListener results) {
        withContextLoader(specs.loader(), () -> {
            List<TestExecutionListener> listeners = new ArrayList<>(List.of(results));
            if (junitXml != null) listeners.add(new LegacyXmlReportGeneratingListener(junitXml, xmlErrors));
            launcher().execute(request(specs), listeners.toArray(TestExecutionListener[]::new));
        });
    }

    private LauncherDiscoveryRequest request(CompiledSpecs specs) {
        List<DiscoverySelector> selectors = specs.specs().stream().<DiscoverySelector>map(DiscoverySelectors::selectClass).toList();
        LauncherDiscoveryRequestBuilder b = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectors)
                .filters(EngineFilter.includeEngines("spock"))
                .enableImplicitConfigurationParameters(false);
        if (filter != null) b.filters((PostDiscoveryFilter) this::matches);
        return b.build();
    }

    private FilterResult matches(TestDescriptor d) {
        for (Optional<TestDescriptor> x = Optional.of(d); x.isPresent(); x = x.get().getParent()) {
            if (x.get().getDisplayName().toLowerCase(Locale.ROOT).contains(filter)) return FilterResult.included("matches -k");
        }
        return FilterResult.excluded("does not match -k");
    }

    private static Launcher launcher() {
        return LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .enablePostDiscoveryFilterAutoRegistration(false)
                .enableLauncherDiscoveryListenerAutoRegistration(false)
                .enableLauncherSessionListenerAutoRegistration(false)
                .build());
    }

    /** Spock, Groovy and the platform find classes and services through the context class loader. */
    private static void withContextLoader(ClassLoader loader, Runnable work) {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        try {
            work.run();
        } finally {
            t.setContextClassLoader(before);
        }
    }
}
