package dev.herald.sidecar.net;

import dev.herald.dialects.TargetPolicy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The SSRF guard. Herald delivers to URLs that rule authors choose, so by default it refuses
 * addresses inside the network it runs in: loopback, private (RFC 1918, IPv6 ULA), link-local
 * (which includes cloud metadata at 169.254.169.254), CGNAT (100.64/10), unspecified and
 * multicast. The check runs when a rule is stored (with the addresses the host resolves to then)
 * and again for every connection (against DNS rebinding), see {@link GuardedResolver}. The
 * operator's {@link TargetAllowlist} lets exactly the networks and hosts it names through.
 */
public final class TargetGuard implements TargetPolicy {
    private static final byte[] BROADCAST = {(byte) 255, (byte) 255, (byte) 255, (byte) 255};

    private final boolean allowPrivate;
    private final TargetAllowlist allowlist;

    public TargetGuard(boolean allowPrivate, TargetAllowlist allowlist) {
        this.allowPrivate = allowPrivate;
        this.allowlist = allowlist;
    }

    public TargetGuard(boolean allowPrivate) {
        this(allowPrivate, TargetAllowlist.NONE);
    }

    @Override
    public Optional<String> refusal(URI target) {
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("only http and https URLs can be delivered to, got '" + target + "'");
        }
        String host = target.getHost();
        if (host == null || host.isEmpty()) {
            return Optional.of("URL has no host: '" + target + "'");
        }
        if (target.getUserInfo() != null) {
            return Optional.of("URL must not contain user info: '" + target.getScheme() + "://***@" + host + "...'");
        }
        if (allowPrivate || allowlist.allowsHost(host, port(target))) {
            return Optional.empty();
        }
        Optional<String> spelling = HostSpelling.refusal(host);
        if (spelling.isPresent()) {
            return Optional.of("'" + host + "' is " + spelling.get() + "; write the host plainly, or list it exactly in"
                    + " delivery.allowTargets");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            // Not resolvable now; every connection is checked again when it is made.
            return Optional.empty();
        }
        for (InetAddress a : addresses) {
            Optional<String> why = allowlist.allowsAddress(a) ? Optional.empty() : blockedReason(a);
            if (why.isPresent()) {
                return Optional.of(host + " resolves to " + a.getHostAddress() + ", " + why.get()
                        + "; list it in delivery.allowTargets to allow it (or, for local testing, set delivery.allowPrivateTargets: true)");
            }
        }
        return Optional.empty();
    }

    /** Why a connection to {@code host:port} at {@code address} must not be made, or empty if it may. */
    public Optional<String> refusal(String host, int port, InetAddress address) {
        if (allowPrivate || allowlist.allowsHost(host, port) || allowlist.allowsAddress(address)) {
            return Optional.empty();
        }
        return blockedReason(address);
    }

    private static int port(URI target) {
        return target.getPort() != -1 ? target.getPort() : "https".equalsIgnoreCase(target.getScheme()) ? 443 : 80;
    }

    static Optional<String> blockedReason(InetAddress a) {
        Optional<Inet4Address> embedded = EmbeddedIpv4.of(a);
        if (embedded.isPresent()) {
            return blockedReason(embedded.get()).map(why -> "an IPv6 form of " + embedded.get().getHostAddress() + ", " + why);
        }
        if (a.isLoopbackAddress()) {
            return Optional.of("a loopback address");
        }
        if (a.isAnyLocalAddress()) {
            return Optional.of("an unspecified address");
        }
        if (a.isLinkLocalAddress()) {
            return Optional.of("a link-local address (cloud metadata lives here)");
        }
        if (a.isSiteLocalAddress()) {
            return Optional.of("a private address");
        }
        if (a.isMulticastAddress()) {
            return Optional.of("a multicast address");
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (Arrays.equals(b, BROADCAST)) {
                return Optional.of("the broadcast address");
            }
            if (first == 0) {
                return Optional.of("a 'this network' address");
            }
            if (first == 100 && second >= 64 && second <= 127) {
                return Optional.of("a carrier-grade NAT address");
            }
        } else if ((b[0] & 0xfe) == 0xfc) {
            return Optional.of("a private (unique local) address");
        }
        return Optional.empty();
    }

}
