import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run by upgrade-old-class-files.groovy, in a JVM of its own with {@code -Xverify:all} and the new runbook.jar as
 * its class path: loads and initialises every class file that script rewrote, so a stack map frame ASM got wrong
 * fails the build instead of an operator's run. Prints the classes that fail and exits 1.
 */
public class VerifyClassFiles {
    public static void main(String[] args) throws Exception {
        int checked = 0;
        int failed = 0;
        for (String name : Files.readAllLines(Path.of(args[0]))) {
            if (name.isBlank()) continue;
            checked++;
            try {
                Class.forName(name, true, VerifyClassFiles.class.getClassLoader());
            } catch (VerifyError | ClassFormatError e) {
                failed++;
                System.out.println(name + ": " + e);
            } catch (Throwable e) {
                // not the bytecode's fault (a class that needs an optional library to initialise): verified anyway
            }
        }
        System.out.println(checked + " rewritten class files verified, " + failed + " failed");
        System.exit(failed == 0 ? 0 : 1);
    }
}
