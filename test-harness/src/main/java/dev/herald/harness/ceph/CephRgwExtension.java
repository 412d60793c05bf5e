package dev.herald.harness.ceph;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real single-node Ceph RGW for a test class, with buckets made ready:
 *
 * <pre>{@code
 * @RegisterExtension
 * static CephRgwExtension ceph = CephRgwExtension.withBuckets("photos");
 * }</pre>
 *
 * The class is skipped (not failed) where radosgw is not installed. Register it before a
 * {@code HeraldExtension} whose config needs the RGW's endpoint, or register that one on an
 * instance field. The work directory (with Ceph's logs) is kept when a test failed.
 */
public final class CephRgwExtension implements BeforeAllCallback, AfterAllCallback {
    private final List<String> buckets;
    private Path dir;
    private CephRgw rgw;
    private S3Client s3;

    private CephRgwExtension(List<String> buckets) {
        this.buckets = buckets;
    }

    public static CephRgwExtension withBuckets(String... buckets) {
        return new CephRgwExtension(List.of(buckets));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Assumptions.assumeTrue(CephRgw.available(),
                "radosgw is not installed (apt-get install radosgw ceph-mon ceph-osd uuid-runtime); .ci/run installs it");
        dir = Files.createTempDirectory("herald-ceph-");
        rgw = CephRgw.start(dir);
        s3 = rgw.s3Client();
        buckets.forEach(b -> s3.createBucket(r -> r.bucket(b)));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (s3 != null) {
            s3.close();
        }
        if (rgw != null) {
            rgw.close();
        }
        if (dir != null && context.getExecutionException().isEmpty()) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public CephRgw rgw() {
        return rgw;
    }

    /** An S3 client of the RGW's test user, closed after the class. */
    public S3Client s3() {
        return s3;
    }
}
