package dev.runbook.cli.specs;

import dev.runbook.diag.Problem;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The JUnit XML of a {@code runbook test} whose spec files do not compile: nothing ran, but CI still gets a report,
 * with one failing testcase per file that does not compile (named after the file, the errors as its failure), so
 * the build page says which spec is broken instead of showing no tests at all.
 */
public final class CompileFailureXml {
    /** The report's file name: the same one a run that compiled writes, so CI reads either. */
    public static final String FILE = "TEST-spock.xml";

    private CompileFailureXml() {}

    /** Writes {@code dir/TEST-spock.xml}; returns its path. */
    public static Path write(Path dir, List<Problem> problems) throws IOException {
        Map<String, List<Problem>> byFile = problems.stream()
                .collect(Collectors.groupingBy(p -> p.pos().file(), LinkedHashMap::new, Collectors.toList()));
        Path file = dir.resolve(FILE);
        try (OutputStream out = Files.newOutputStream(file)) {
            XMLStreamWriter x = XMLOutputFactory.newInstance().createXMLStreamWriter(out, "UTF-8");
            x.writeStartDocument("UTF-8", "1.0");
            x.writeStartElement("testsuite");
            x.writeAttribute("name", "Spock");
            x.writeAttribute("tests", String.valueOf(byFile.size()));
            x.writeAttribute("skipped", "0");
            x.writeAttribute("failures", String.valueOf(byFile.size()));
            x.writeAttribute("errors", "0");
            for (Map.Entry<String, List<Problem>> e : byFile.entrySet()) {
                String text = e.getValue().stream().map(Problem::toString).collect(Collectors.joining("\n"));
                x.writeStartElement("testcase");
                x.writeAttribute("name", "compiles");
                x.writeAttribute("classname", className(e.getKey()));
                x.writeAttribute("file", e.getKey());
                x.writeAttribute("time", "0");
                x.writeStartElement("failure");
                x.writeAttribute("message", e.getValue().get(0).toString());
                x.writeAttribute("type", "compile error");
                x.writeCharacters(text);
                x.writeEndElement();
                x.writeEndElement();
            }
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** {@code payments/TypoSpec.groovy} → {@code TypoSpec}: the class the file was meant to declare. */
    private static String className(String file) {
        String name = Path.of(file).getFileName().toString();
        return name.endsWith(".groovy") ? name.substring(0, name.length() - ".groovy".length()) : name;
    }
}
