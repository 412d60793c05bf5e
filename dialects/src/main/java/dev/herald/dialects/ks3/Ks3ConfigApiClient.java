package dev.herald.dialects.ks3;

import dev.herald.dialects.ConfigApiClient;
import dev.herald.dialects.Credential;
import dev.herald.dialects.HttpRequestView;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * KS3's {@code PUT|GET|DELETE /{bucket}?notification}: the JSON rules document with
 * {@code Content-Type: application/json} as the KS3 Go SDK sends it (vendors.md §3.1; the Java SDK
 * has no notification calls), a {@code Date}, and signature V2 as the KS3 Java SDK computes it
 * ({@link Ks3RequestSigner}). Refusals are S3-style XML, {@code <Error><Code/><Message/>...</Error>}.
 */
public final class Ks3ConfigApiClient implements ConfigApiClient {

    @Override
    public HttpRequestView request(String method, String bucket, byte[] body, String host, Credential credential,
                                   Instant at) {
        String contentType = body.length > 0 ? "application/json" : null;
        HttpRequestView request = ConfigApiClient.unsigned(method, "/" + bucket, body, host, contentType, at);
        return request.withHeader("Authorization",
                Ks3RequestSigner.authorization(request, bucket, credential.accessKey(), credential.secretKey()));
    }

    @Override
    public Optional<Refusal> refusal(byte[] body) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // An error body is data from the network: no DTDs, no external entities.
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document xml = factory.newDocumentBuilder().parse(new ByteArrayInputStream(body));
            if (!xml.getDocumentElement().getTagName().equals("Error")) {
                return Optional.empty();
            }
            return Optional.of(new Refusal(text(xml, "Code"), text(xml, "Message")));
        } catch (ParserConfigurationException | SAXException | IOException notXml) {
            return Optional.empty();
        }
    }

    private static String text(Document xml, String element) {
        var nodes = xml.getDocumentElement().getElementsByTagName(element);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent();
    }
}
