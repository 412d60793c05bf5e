package dev.herald.sidecar.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * The IPv4 address an IPv6 address carries by a standard translation, so that the guard judges
 * what a packet to it reaches: IPv4-mapped {@code ::ffff:0:0/96}, IPv4-translated
 * {@code ::ffff:0:0:0/96} (RFC 2765), IPv4-compatible {@code ::/96} (RFC 4291, deprecated), NAT64
 * {@code 64:ff9b::/96} (RFC 6052) and 6to4 {@code 2002::/16} (RFC 3056).
 */
final class EmbeddedIpv4 {
    private EmbeddedIpv4() {
    }

    static Optional<Inet4Address> of(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] b = address.getAddress();
        if (zero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff
                || zero(b, 0, 8) && (b[8] & 0xff) == 0xff && (b[9] & 0xff) == 0xff && zero(b, 10, 12)
                || zero(b, 0, 12) && !(zero(b, 12, 15) && (b[15] & 0xff) <= 1)
                || (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                        && zero(b, 4, 12)) {
            return Optional.of(v4(Arrays.copyOfRange(b, 12, 16)));
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return Optional.of(v4(Arrays.copyOfRange(b, 2, 6)));
        }
        return Optional.empty();
    }

    private static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Inet4Address v4(byte[] four) {
        try {
            return (Inet4Address) InetAddress.getByAddress(four);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }
}
