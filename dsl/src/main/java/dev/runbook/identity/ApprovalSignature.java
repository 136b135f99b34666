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

    /** Signs with the private key file; the armored signature, or why not. */
    public static String sign(Path privateKey, String payload) throws IOException {
        return sign(privateKey, payload, null);
    }

    /**
     * Signs with {@code key}: a private key file, or a public key file ({@code id_ed25519.pub}) whose private key
     * ssh-agent holds at {@code agentSocket} ({@code SSH_AUTH_SOCK}). Given a public key, only the agent signs: the
     * file is copied alone into a temporary folder, so ssh-keygen never falls back to a private key file beside it
     * (nor asks for its passphrase). Returns the armored signature, or throws saying why not.
     */
    public static String sign(Path key, String payload, String agentSocket) throws IOException {
        String publicKey = publicKeyIn(key);
        if (publicKey == null) {
            Result r = run(List.of("ssh-keygen", "-Y", "sign", "-q", "-f", key.toString(), "-n", NAMESPACE), payload, agentSocket);
            if (r.exit != 0 || !r.out.contains("BEGIN SSH SIGNATURE")) {
                throw new IOException("ssh-keygen could not sign with " + key + ": " + r.err.strip());
            }
            return r.out;
        }
        if (agentSocket == null || agentSocket.isBlank()) {
            throw new IOException("--key " + key + " is a public key: its private key signs through ssh-agent, and SSH_AUTH_SOCK "
                    + "is not set (start ssh-agent and ssh-add the key, or give the private key file)");
        }
        Path dir = Files.createTempDirectory("runbook-agent-sign-");
        try {
            Path pub = Files.writeString(dir.resolve("key.pub"), publicKey + "\n");
            Result r = run(List.of("ssh-keygen", "-Y", "sign", "-q", "-f", pub.toString(), "-n", NAMESPACE), payload, agentSocket);
            if (r.exit != 0 || !r.out.contains("BEGIN SSH SIGNATURE")) {
                throw new IOException("ssh-agent at " + agentSocket + " did not sign with the key in " + key + " — it does not hold "
                        + "that key (ssh-add -l lists the keys it holds; ssh-add adds one)" + (r.err.isBlank() ? "" : ": " + r.err.strip()));
            }
            return r.out;
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) Files.deleteIfExists(f);
                Files.deleteIfExists(dir);
            } catch (IOException ignored) {
                // a temp folder left behind holds a public key only
            }
        }
    }

    /** The OpenSSH public key line the file holds, or null when it is not a public key file (a private key, say). */
    private static String publicKeyIn(Path key) throws IOException {
        if (!Files.isRegularFile(key)) throw new IOException("no key file at " + key);
        if (Files.size(key) > 64 * 1024) return null;
        String text = Files.readString(key, StandardCharsets.UTF_8).strip();
        if (text.contains("\n") || text.contains("PRIVATE KEY")) return null;
        return text.matches("(ssh-|ecdsa-|sk-)[\\w@.-]+ [A-Za-z0-9+/=]+( .*)?") ? text : null;
    }

    /** Whether {@code signature} over {@code payload} was made by {@code publicKey} (one OpenSSH public key line). */
    public static boolean verify(String publicKey, String payload, String signature) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("runbook-verify-");
            Path signers = Files.writeString(dir.resolve("allowed_signers"), "approver namespaces=\"" + NAMESPACE + "\" " + publicKey.strip() + "\n");
            Path sig = Files.writeString(dir.resolve("decision.sig"), signature);
            Result r = run(List.of("ssh-keygen", "-Y", "verify", "-f", signers.toString(), "-I", "approver", "-n", NAMESPACE,
                    "-s", sig.toString()), payload, null);
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

    private static Result run(List<String> argv, String stdin, String agentSocket) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv);
        if (agentSocket != null) pb.environment().put("SSH_AUTH_SOCK", agentSocket);
        Process p = pb.start();
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
