package dev.herald.sidecar.tls;

import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * How the delivery client checks receivers: TLS 1.2 or 1.3, the certificate chain against the
 * JDK's trust anchors plus the operator's private CAs, and the host name against the certificate.
 * Nothing here turns a check off.
 */
public final class ReceiverTrust {
    private ReceiverTrust() {
    }

    /** @param caFile PEM bundle trusted beside the JDK's defaults; {@code null} = the defaults alone */
    public static SslContextFactory.Client forReceivers(Path caFile) {
        SslContextFactory.Client factory = new SslContextFactory.Client();
        factory.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        factory.setEndpointIdentificationAlgorithm("HTTPS");
        factory.setTrustAll(false);
        if (caFile != null) {
            List<X509Certificate> anchors = new ArrayList<>(KeyStores.defaultAnchors());
            anchors.addAll(PemFiles.certificates(caFile));
            factory.setTrustStore(KeyStores.trusting(anchors));
        }
        return factory;
    }
}
