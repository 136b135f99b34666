/**
 * The JVM floor of the three steps (bench/benchmarks/25-floors.sh): the same three bash processes started from Java,
 * no Groovy. Between this and the hello-world is what forking costs on this machine.
 */
public class JavaFloorSteps {
    public static void main(String[] args) throws Exception {
        for (String command : new String[]{"true", "echo 'runbook bench'", "date"}) {
            new ProcessBuilder("bash", "-c", command).inheritIO().start().waitFor();
        }
    }
}
