import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The JLine floor (bench/benchmarks/25-floors.sh): the system terminal through the provider the REPL uses (JNI) and a
 * line reader, then a prompt, until {@code exit}. No command tree, no history, no completion: the least a JLine REPL
 * does before its first prompt.
 */
public class JlineFloor {
    public static void main(String[] args) throws Exception {
        try (Terminal terminal = TerminalBuilder.builder().system(true).provider("jni").dumb(false).build()) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).build();
            try {
                while (!"exit".equals(reader.readLine("runbook > ").trim())) {
                    // every other line is ignored
                }
            } catch (EndOfFileException | UserInterruptException e) {
                // Ctrl-D, Ctrl-C: leave
            }
        }
    }
}
