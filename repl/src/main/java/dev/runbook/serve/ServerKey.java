package dev.runbook.serve;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * The server's secret: 32 random bytes in a file only its owner can read ({@code serve.key} in the state folder),
 * made on first start. It signs one-time links and page tokens; it never leaves the server, so a link or token
 * changed by a single byte does not verify.
 */
final class ServerKey {
    private final byte[] key;

    private ServerKey(byte[] key) {
        this.key = key;
    }

    static ServerKey loadOrCreate(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            byte[] k = Files.readAllBytes(file);
            if (k.length < 32) throw new IOException(file + " holds " + k.length + " bytes, not a key of 32; delete it to make a new one");
            return new ServerKey(k);
        }
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) { // only the server's user may look inside: the key and the used links
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        Path tmp = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(tmp, k);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return new ServerKey(k);
    }

    /** HMAC-SHA256 of {@code text} under this key. */
    byte[] sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Whether {@code mac} is this key's signature of {@code text}, compared in constant time. */
    boolean verify(String text, byte[] mac) {
        return mac != null && MessageDigest.isEqual(sign(text), mac);
    }
}
