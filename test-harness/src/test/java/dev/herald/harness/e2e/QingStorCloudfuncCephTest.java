package dev.herald.harness.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.harness.HeraldExtension;
import dev.herald.harness.ObjectOperation;
import dev.herald.harness.RecordedRequest;
import dev.herald.harness.RecordingReceiver;
import dev.herald.harness.ceph.CephRgwExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.herald.harness.HeraldExtension.ACCESS_KEY;
import static dev.herald.harness.HeraldExtension.SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * QingStor cloudfuncs on a real Ceph RGW: an {@code image} rule resizes and converts a generated PNG
 * and saves it to another bucket, a non-image gets a failure event, and a {@code tupu-porn} rule
 * hands the moderation service a presigned URL and passes its verdict on.
 */
class QingStorCloudfuncCephTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERDICT = "{\"code\":0,\"message\":\"SUCCESS\",\"porn_label\":\"normal\",\"rate\":0.99}";

    @RegisterExtension
    static CephRgwExtension ceph = CephRgwExtension.withBuckets("photos", "thumbs");



    /** Instance field: the config needs Ceph's port and the receiver's, known only at start. */
    @RegisterExtension
    HeraldExtension herald = HeraldExtension.withConfig(() -> HeraldExtension.DEFAULT_YAML + """
            backend:
              endpoint: %s
              accessKey: %s
              secretKey: %s
            dialects:
              qingstor: { zoneId: pek3b, moderationEndpoint: "%s" }
            """.formatted(ceph.rgw().endpoint(), ceph.rgw().accessKey(), ceph.rgw().secretKey(), "http://127.0.0.1:" + receiverPort() + "/moderate"));

    /** The receiver starts before Herald; its port is read through the extension at config time. */
    private int receiverPort() {
        return herald.receiver().port();
    }

    @Test
    void imagesAreProcessedIntoTheSaveBucketAndVerdictsPassedOn() throws Exception {
        RecordingReceiver receiver = herald.receiver().answerWith(r -> r.path().equals("/moderate")
                ? new RecordingReceiver.Answer(200, Map.of("Content-Type", "application/json"), VERDICT)
                : RecordingReceiver.Answer.status(200));
        String rules = """
                {"notifications":[
                  {"id":"thumbs","event_types":["create_object"],"object_filters":["*.png"],"cloudfunc":"image",
                   "cloudfunc_args":{"action":"resize:w_100,h_50,m_0|format:t_jpeg","save_bucket":"thumbs",
                                     "key_prefix":"thumb","key_seprate":"_"},
                   "notify_url":"%s"},
                  {"id":"moderation","event_types":"create_object","object_filters":"*.png","cloudfunc":"tupu-porn",
                   "notify_url":"%s"}]}""".formatted(receiver.url("/image"), receiver.url("/verdict"));
        HttpResponse<String> put = QsSigned.send(herald.baseUri(), "PUT", "photos", rules, ACCESS_KEY, SECRET_KEY);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

        byte[] png = png(400, 300);
        String eTag = ceph.s3().putObject(b -> b.bucket("photos").key("a/photo.png").contentType("image/png"),
                RequestBody.fromBytes(png)).eTag().replace("\"", "");
        herald.ceph(ObjectOperation.put("photos", "a/photo.png").size(png.length).eTag(eTag));
        byte[] text = "not an image".getBytes(StandardCharsets.UTF_8);
        String textETag = ceph.s3().putObject(b -> b.bucket("photos").key("fake.png"), RequestBody.fromBytes(text)).eTag().replace("\"", "");
        herald.ceph(ObjectOperation.put("photos", "fake.png").size(text.length).eTag(textETag));

        // photo.png: one moderation call, one image result, one verdict; fake.png: the same, its image result failed.
        List<RecordedRequest> requests = receiver.awaitRequests(6, Duration.ofSeconds(30));
        Map<String, List<RecordedRequest>> byPath = requests.stream().collect(Collectors.groupingBy(RecordedRequest::path));
        assertThat(byPath.keySet()).containsExactlyInAnyOrder("/moderate", "/image", "/verdict");

        JsonNode moderation = JSON.readTree(byPath.get("/moderate").stream()
                .filter(r -> r.bodyText().contains("a/photo.png")).findFirst().orElseThrow().body());
        assertThat(moderation.get("bucket").asText()).isEqualTo("photos");
        HttpResponse<byte[]> fetched = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(moderation.get("url").asText())).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(fetched.body()).as("the presigned URL serves the object").isEqualTo(png);

        JsonNode image = event(byPath.get("/image"), "a/photo.png");
        assertThat(image.at("/cloudfunc/status").asText()).isEqualTo("success");
        assertThat(image.at("/cloudfunc/result/bucket").asText()).isEqualTo("thumbs");
        assertThat(image.at("/cloudfunc/result/key").asText()).isEqualTo("thumb_a/photo.png");
        assertThat(image.at("/cloudfunc/result/format").asText()).isEqualTo("jpeg");
        ResponseBytes<GetObjectResponse> thumb = ceph.s3().getObjectAsBytes(b -> b.bucket("thumbs").key("thumb_a/photo.png"));
        BufferedImage saved = ImageIO.read(new ByteArrayInputStream(thumb.asByteArray()));
        assertThat(saved.getWidth()).isEqualTo(100);
        assertThat(saved.getHeight()).isEqualTo(50);
        assertThat(thumb.response().contentType()).isEqualTo("image/jpeg");
        assertThat(thumb.response().metadata()).containsEntry("herald-generated", "true");

        JsonNode failed = event(byPath.get("/image"), "fake.png");
        assertThat(failed.at("/cloudfunc/status").asText()).isEqualTo("failed");
        assertThat(failed.at("/cloudfunc/error").asText()).isNotBlank();

        JsonNode verdict = JSON.readTree(byPath.get("/verdict").stream()
                .filter(r -> r.bodyText().contains("a/photo.png")).findFirst().orElseThrow().body());
        assertThat(verdict.get("bucket").asText()).isEqualTo("photos");
        assertThat(verdict.get("object").asText()).isEqualTo("a/photo.png");
        assertThat(verdict.get("result")).isEqualTo(JSON.readTree(VERDICT));
    }

    private static JsonNode event(List<RecordedRequest> posts, String key) throws IOException {
        RecordedRequest post = posts.stream().filter(r -> r.bodyText().contains("\"" + key + "\"")).findFirst().orElseThrow();
        return JSON.readTree(post.body()).get("events").get(0);
    }

    private static byte[] png(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLUE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
