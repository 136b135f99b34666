package dev.runbook.serve;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Links that let one team member decide one approval request without single sign-on: what the link carries (run,
 * approval, the request's nonce, member, expiry, a random id) is signed with the server's key, so it cannot be
 * changed; the nonce dies with the request; the id is used once ({@link UsedLinks}).
 */
final class OneTimeLinks {
    /** What a valid link says. */
    record Grant(String id, String run, String approval, String nonce, String member, Instant expires) {}

    /** Why a link does not count: HTTP status and words for the page. */
    static final class Refused extends Exception {
        final int status;

        Refused(int status, String why) {
            super(why);
            this.status = status;
        }
    }

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private final ServerKey key;
    private final UsedLinks used;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    OneTimeLinks(ServerKey key, UsedLinks used, Clock clock) {
        this.key = key;
        this.used = used;
        this.clock = clock;
    }

    String mint(String run, String approval, String nonce, String member, Duration ttl) {
        byte[] id = new byte[12];
        random.nextBytes(id);
        String payload = String.join("\n", "link v1", HexFormat.of().formatHex(id), run, approval, nonce, member,
                Long.toString(clock.instant().plus(ttl).getEpochSecond()));
        String body = B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return body + "." + B64.encodeToString(key.sign(payload));
    }

    /** The link's grant when it is ours, unchanged, unexpired and unused; otherwise why not. */
    Grant check(String token) throws Refused {
        if (token == null || token.isBlank()) throw new Refused(401, "no one-time link and no single sign-on: who are you?");
        String[] parts = token.strip().split("\\.", -1);
        String payload;
        byte[] mac;
        try {
            if (parts.length != 2) throw new IllegalArgumentException();
            payload = new String(B64D.decode(parts[0]), StandardCharsets.UTF_8);
            mac = B64D.decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw new Refused(403, "this is not a link the server made");
        }
        if (!key.verify(payload, mac)) throw new Refused(403, "this link's signature does not verify: it was changed, or made by another server");
        String[] f = payload.split("\n", -1);
        if (f.length != 7 || !f[0].equals("link v1")) throw new Refused(403, "this is not a link the server made");
        Instant expires = Instant.ofEpochSecond(Long.parseLong(f[6]));
        if (!clock.instant().isBefore(expires)) throw new Refused(403, "this link expired at " + expires);
        if (used.isUsed(f[1])) throw new Refused(403, "this link was already used: a link decides once");
        return new Grant(f[1], f[2], f[3], f[4], f[5], expires);
    }

    /** Marks the link used; false when another request used it first. */
    boolean use(Grant g) throws java.io.IOException {
        return used.claim(g.id());
    }
}
