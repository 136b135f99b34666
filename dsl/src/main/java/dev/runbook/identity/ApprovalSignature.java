package dev.runbook.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An approval signed with the approver's SSH key, as git signs commits with SSH keys: {@code ssh-keygen -Y sign}
 * and {@code -Y verify}, in a namespace of our own so a signature made for anything else never verifies here. What
 * is signed names the run, the approval, the decision, the approver and the nonce the waiting run issued for this
 * request: a signature copied into another run, onto another approval or into a later request does not verify.
 */
public final class ApprovalSignature {
    public static final String NAMESPACE = "runbook-approval@runbook.dev";

    private ApprovalSignature() {}

    /** The exact bytes signed and verified. */
    public static String payload(String runId, String approval, String decision, String by, String nonce) {
        return "runbook approval v1\nrun " + runId + "\napproval " + approval + "\ndecision " + decision + "\nby " + by
                + "\nnonce " + nonce + "\n";
    }

    /** Signs with the private key file (or its agent-held key's public file); the armored signature, or why not. */
    public static String sign(Path privateKey, String payload) throws IOException {
        Result r = run(List.of("ssh-keygen", "-Y", "sign", "-q", "-f", privateKey.toString(), "-n", NAMESPACE), payload);
        if (r.exit != 0 || !r.out.contains("BEGIN SSH SIGNATURE")) {
            throw new IOException("ssh-keygen could not sign with " + privateKey + ": " + r.err.strip());
        }
        return r.out;
    }

    /** Whether {@code signature} over {@code payload} was made by {@code publicKey} (one OpenSSH public key line). */
    public static boolean verify(String publicKey, String payload, String signature) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("runbook-verify-");
            Path signers = Files.writeString(dir.resolve("allowed_signers"), "approver namespaces=\"" + NAMESPACE + "\" " + publicKey.strip() + "\n");
            Path sig = Files.writeString(dir.resolve("decision.sig"), signature);
            Result r = run(List.of("ssh-keygen", "-Y", "verify", "-f", signers.toString(), "-I", "approver", "-n", NAMESPACE,
                    "-s", sig.toString()), payload);
            return r.exit == 0;
        } catch (IOException e) {
            return false;
        } finally {
            if (dir != null) {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) Files.deleteIfExists(f);
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // a temp folder left behind holds a public key and a signature, nothing secret
                }
            }
        }
    }

    private record Result(int exit, String out, String err) {}

    private static Result run(List<String> argv, String stdin) throws IOException {
        Process p = new ProcessBuilder(argv).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        var out = p.getInputStream().readAllBytes();
        var err = p.getErrorStream().readAllBytes();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "", "ssh-keygen did not answer within 30s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
