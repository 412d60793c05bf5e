package dev.herald.sidecar.tls;

import java.io.ByteArrayOutputStream;

/**
 * The little DER a traditional private key needs to become PKCS#8 (RFC 5208):
 * {@code SEQUENCE { INTEGER 0, AlgorithmIdentifier, OCTET STRING key }}, and for an EC key the
 * curve named inside its SEC1 structure (RFC 5915: {@code [0] parameters}).
 */
final class Der {
    private static final int SEQUENCE = 0x30;
    private static final int OCTET_STRING = 0x04;
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};
    /** rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters. */
    static final byte[] RSA_ALGORITHM = tlv(SEQUENCE, concat(
            new byte[] {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01},
            new byte[] {0x05, 0x00}));
    /** id-ecPublicKey (1.2.840.10045.2.1). */
    private static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private Der() {
    }

    static byte[] pkcs8(byte[] algorithm, byte[] key) {
        return tlv(SEQUENCE, concat(VERSION_0, algorithm, tlv(OCTET_STRING, key)));
    }

    static byte[] ecAlgorithm(byte[] curveOid) {
        return tlv(SEQUENCE, concat(EC_PUBLIC_KEY, curveOid));
    }

    /** The curve's OID element (tag, length and value) from an {@code ECPrivateKey} structure. */
    static byte[] sec1Curve(byte[] sec1) {
        int[] outer = header(sec1, 0);
        if ((sec1[0] & 0xff) != SEQUENCE) {
            throw new TlsFileException("the EC private key is not a DER SEQUENCE");
        }
        int at = outer[0];
        int end = outer[0] + outer[1];
        while (at < end) {
            int[] element = header(sec1, at);
            if ((sec1[at] & 0xff) == 0xa0) {
                byte[] oid = new byte[element[1]];
                System.arraycopy(sec1, element[0], oid, 0, oid.length);
                return oid;
            }
            at = element[0] + element[1];
        }
        throw new TlsFileException("the EC private key does not name its curve; write it with "
                + "openssl ec -param_enc named_curve, or as PKCS#8 (openssl pkcs8 -topk8 -nocrypt)");
    }

    /** {start of contents, length of contents} of the element at {@code at}. */
    private static int[] header(byte[] der, int at) {
        if (at + 1 >= der.length) {
            throw new TlsFileException("truncated DER in the private key");
        }
        int first = der[at + 1] & 0xff;
        if (first < 0x80) {
            return check(der, at + 2, first);
        }
        int octets = first & 0x7f;
        if (octets > 3 || at + 2 + octets > der.length) {
            throw new TlsFileException("malformed DER length in the private key");
        }
        int length = 0;
        for (int i = 0; i < octets; i++) {
            length = length << 8 | der[at + 2 + i] & 0xff;
        }
        return check(der, at + 2 + octets, length);
    }

    private static int[] check(byte[] der, int start, int length) {
        if (start + length > der.length) {
            throw new TlsFileException("truncated DER in the private key");
        }
        return new int[] {start, length};
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int octets = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
            out.write(0x80 | octets);
            for (int i = octets - 1; i >= 0; i--) {
                out.write(n >>> (8 * i));
            }
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
