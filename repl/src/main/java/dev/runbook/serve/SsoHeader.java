package dev.runbook.serve;

import com.sun.net.httpserver.HttpExchange;

import java.net.InetAddress;
import java.util.Optional;
import java.util.Set;

/**
 * The single sign-on proxy's word for who is asking: a header such as {@code X-Forwarded-Email} (oauth2-proxy's
 * {@code --set-xauthrequest} / {@code --pass-user-headers}) believed only on connections from the proxy's own
 * addresses. Anyone who reaches the server directly can write that header, so from any other address it is ignored.
 */
final class SsoHeader {
    /** Who the proxy says this is, and the proxy's address. */
    record Person(String email, String proxy) {}

    private final String header;
    private final Set<InetAddress> proxies;

    SsoHeader(String header, Set<InetAddress> proxies) {
        this.header = header;
        this.proxies = Set.copyOf(proxies);
    }

    boolean enabled() {
        return !proxies.isEmpty();
    }

    Optional<Person> person(HttpExchange ex) {
        InetAddress from = ex.getRemoteAddress().getAddress();
        if (!proxies.contains(from)) return Optional.empty();
        String email = ex.getRequestHeaders().getFirst(header);
        if (email == null || email.isBlank()) return Optional.empty();
        return Optional.of(new Person(email.strip(), from.getHostAddress()));
    }
}
