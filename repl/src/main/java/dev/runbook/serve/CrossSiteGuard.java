package dev.runbook.serve;

import com.sun.net.httpserver.HttpExchange;

import java.util.HexFormat;

/**
 * Keeps other sites from making a visitor's browser post a decision. A POST must say it comes from this server's
 * own pages: {@code Sec-Fetch-Site: same-origin} (every current browser sends it), or, from a browser too old for
 * that, an {@code Origin} whose host is the request's {@code Host}. A POST with neither is refused too. And the form
 * carries a token no other site can read: for single sign-on, an HMAC of the person's address under the server key;
 * for a one-time link, the link itself. No cookies are used, so there is no session to ride.
 */
final class CrossSiteGuard {
    private final ServerKey key;

    CrossSiteGuard(ServerKey key) {
        this.key = key;
    }

    /** Null when the request comes from our own page; else why not. */
    String refusal(HttpExchange ex) {
        String site = ex.getRequestHeaders().getFirst("Sec-Fetch-Site");
        if (site != null) return site.equals("same-origin") ? null : "a request from another site (Sec-Fetch-Site: " + site + ") cannot decide";
        String origin = ex.getRequestHeaders().getFirst("Origin");
        String host = ex.getRequestHeaders().getFirst("Host");
        if (origin == null) return "the request says neither Sec-Fetch-Site nor Origin: decide from the page";
        String originHost = origin.replaceFirst("^https?://", "");
        return host != null && originHost.equalsIgnoreCase(host) ? null : "a request from another site (Origin: " + origin + ") cannot decide";
    }

    /** The form token of a person signed in through the proxy. */
    String tokenFor(String email) {
        return HexFormat.of().formatHex(key.sign("form v1\n" + email.toLowerCase(java.util.Locale.ROOT)));
    }

    boolean tokenMatches(String email, String token) {
        if (token == null) return false;
        try {
            return key.verify("form v1\n" + email.toLowerCase(java.util.Locale.ROOT), HexFormat.of().parseHex(token));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
