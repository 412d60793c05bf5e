package dev.herald.sidecar.net;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Host names as a rule writes them that the SSRF guard refuses before any lookup, because what
 * they reach depends on who reads them: {@code 0177.0.0.1} is 177.0.0.1 to Java but 127.0.0.1 to
 * glibc and curl; {@code 0x7f000001} and {@code 2130706433} are 127.0.0.1 to inet_aton; a trailing
 * dot and {@code localhost.localdomain} escape a name comparison but resolve locally; a zone id
 * names an interface of Herald's host. Only a canonical dotted quad is taken as an IPv4 literal.
 */
final class HostSpelling {
    private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0x[0-9a-f]*");
    private static final Pattern CANONICAL_OCTET = Pattern.compile("0|[1-9][0-9]{0,2}");

    private HostSpelling() {
    }

    /** Why {@code host} (as {@link java.net.URI#getHost()} gives it) is refused, or empty. */
    static Optional<String> refusal(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            return h.indexOf('%') >= 0 ? Optional.of("an IPv6 zone id names one of Herald's own interfaces") : Optional.empty();
        }
        if (h.endsWith(".")) {
            return Optional.of("a trailing dot makes a name that escapes comparison but resolves like the name without it");
        }
        if (h.equals("localhost") || h.endsWith(".localhost") || h.equals("localhost.localdomain")) {
            return Optional.of("a name of the local host");
        }
        String[] labels = h.split("\\.", -1);
        if (NUMERIC_LABEL.matcher(labels[labels.length - 1]).matches() && !isCanonicalDottedQuad(labels)) {
            return Optional.of("a numeric host other than a dotted quad (octal, hex or integer forms read differently"
                    + " by different resolvers)");
        }
        return Optional.empty();
    }

    private static boolean isCanonicalDottedQuad(String[] labels) {
        if (labels.length != 4) {
            return false;
        }
        for (String label : labels) {
            if (!CANONICAL_OCTET.matcher(label).matches() || Integer.parseInt(label) > 255) {
                return false;
            }
        }
        return true;
    }
}
