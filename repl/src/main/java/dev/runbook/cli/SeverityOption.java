package dev.runbook.cli;

import dev.runbook.model.Severity;
import picocli.CommandLine;

/**
 * {@code --severity P1} ({@code exec}, {@code submit}): checked while the command line is read, so a wrong one is
 * refused (exit 2) before any runbook is compiled. Lower case is taken too.
 */
final class SeverityOption implements CommandLine.ITypeConverter<Severity> {
    @Override
    public Severity convert(String value) {
        Severity s = Severity.parse(value);
        if (s == null) throw new CommandLine.TypeConversionException("'" + value + "' is not one of P0, P1, P2, P3");
        return s;
    }
}
