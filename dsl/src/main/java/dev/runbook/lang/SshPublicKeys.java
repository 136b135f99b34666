package dev.runbook.lang;

import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;

/** The shape of an OpenSSH public key line ({@code ssh-ed25519 AAAA… comment}): checked when the team file is read. */
final class SshPublicKeys {
    private static final Set<String> TYPES = Set.of("ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
            "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");

    private SshPublicKeys() {}

    static boolean looksValid(String line) {
        String[] parts = line.strip().split("\\s+");
        if (parts.length < 2 || !TYPES.contains(parts[0]) || !BASE64.matcher(parts[1]).matches()) return false;
        try {
            byte[] blob = Base64.getDecoder().decode(parts[1]);
            // the blob starts with the key type again, as a length-prefixed string
            if (blob.length < 4) return false;
            int n = ((blob[0] & 0xff) << 24) | ((blob[1] & 0xff) << 16) | ((blob[2] & 0xff) << 8) | (blob[3] & 0xff);
            return n > 0 && 4 + n <= blob.length && new String(blob, 4, n, java.nio.charset.StandardCharsets.US_ASCII).equals(parts[0]);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
