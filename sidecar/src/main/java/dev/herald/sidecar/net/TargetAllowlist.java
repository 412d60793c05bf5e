package dev.herald.sidecar.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The exceptions to the SSRF guard an operator names ({@code delivery.allowTargets}): CIDR blocks
 * ({@code 10.20.0.0/16}, {@code fd00::/8}) that admit any address inside them, and hosts with an
 * optional port ({@code hooks.internal:8443}, {@code [fd00::1]:9000}) that admit exactly that name.
 * Everything else private stays refused. Svix's subnet allowlist is the model.
 */
public final class TargetAllowlist {
    public static final TargetAllowlist NONE = new TargetAllowlist(List.of(), List.of());

    private record Block(byte[] network, int prefix) {
        boolean contains(InetAddress a) {
            byte[] b = a.getAddress();
            if (b.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (b[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            return rest == 0 || ((b[full] ^ network[full]) & (0xff << (8 - rest))) == 0;
        }
    }

    /** @param port -1 for any port */
    private record HostPort(String host, int port) {
    }

    private final List<Block> blocks;
    private final List<HostPort> hosts;

    private TargetAllowlist(List<Block> blocks, List<HostPort> hosts) {
        this.blocks = blocks;
        this.hosts = hosts;
    }

    /** @throws IllegalArgumentException naming the entry that is neither a CIDR block nor a host[:port] */
    public static TargetAllowlist parse(List<String> entries) {
        List<Block> blocks = new ArrayList<>();
        List<HostPort> hosts = new ArrayList<>();
        for (String entry : entries) {
            String e = entry.trim().toLowerCase(Locale.ROOT);
            if (e.contains("/")) {
                blocks.add(block(e));
            } else {
                hosts.add(hostPort(e));
            }
        }
        return new TargetAllowlist(List.copyOf(blocks), List.copyOf(hosts));
    }

    /** This allowlist with one more host (and port, or -1): an endpoint the operator configured elsewhere. */
    public TargetAllowlist with(String host, int port) {
        List<HostPort> more = new ArrayList<>(hosts);
        more.add(new HostPort(host.toLowerCase(Locale.ROOT), port));
        return new TargetAllowlist(blocks, List.copyOf(more));
    }

    /** Whether a URL's host name (as written) and port are allowed whatever they resolve to. */
    boolean allowsHost(String host, int port) {
        String h = unbracket(host.toLowerCase(Locale.ROOT));
        return hosts.stream().anyMatch(hp -> hp.host().equals(h) && (hp.port() == -1 || hp.port() == port));
    }

    boolean allowsAddress(InetAddress address) {
        return blocks.stream().anyMatch(b -> b.contains(address));
    }

    private static Block block(String e) {
        String[] parts = e.split("/", 2);
        try {
            byte[] network = literal(parts[0]).getAddress();
            int prefix = Integer.parseInt(parts[1]);
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("prefix length out of range");
            }
            return new Block(network, prefix);
        } catch (IllegalArgumentException | UnknownHostException ex) {
            throw new IllegalArgumentException("'" + e + "' is not a CIDR block like 10.20.0.0/16: " + ex.getMessage());
        }
    }

    private static HostPort hostPort(String e) {
        if (e.isEmpty() || e.startsWith(":")) {
            throw new IllegalArgumentException("'" + e + "' names no host");
        }
        String host = e;
        int port = -1;
        int colon = e.lastIndexOf(':');
        if (colon > 0 && (e.startsWith("[") ? e.charAt(colon - 1) == ']' : e.indexOf(':') == colon)) {
            host = e.substring(0, colon);
            try {
                port = Integer.parseInt(e.substring(colon + 1));
            } catch (NumberFormatException x) {
                throw new IllegalArgumentException("'" + e + "' has a port that is not a number");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("'" + e + "' has a port out of range");
            }
        }
        return new HostPort(unbracket(host), port);
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** An IP literal only: never a DNS lookup. */
    private static InetAddress literal(String ip) throws UnknownHostException {
        if (!ip.matches("[0-9.]+") && !ip.contains(":")) {
            throw new UnknownHostException("not an IP address: " + ip);
        }
        return InetAddress.getByName(ip);
    }
}
