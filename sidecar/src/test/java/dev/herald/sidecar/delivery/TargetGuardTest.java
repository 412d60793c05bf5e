package dev.herald.sidecar.delivery;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;

class TargetGuardTest {
    private final TargetGuard strict = new TargetGuard(false);

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.9.9.9", "::1", "10.1.2.3", "172.16.0.1", "172.31.255.255",
        "192.168.1.1", "169.254.169.254", "100.64.0.1", "100.127.255.254", "0.0.0.0", "0.1.2.3",
        "fc00::1", "fd00:ec2::254", "fe80::1", "224.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254"})
    void refusesInternalAddresses(String ip) throws UnknownHostException {
        assertThat(strict.refusal(InetAddress.getByName(ip))).as(ip).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.1", "172.32.0.1", "2001:4860:4860::8888"})
    void allowsPublicAddresses(String ip) throws UnknownHostException {
        assertThat(strict.refusal(InetAddress.getByName(ip))).as(ip).isEmpty();
    }

    @Test
    void refusesInternalUrlsWithAReasonThatSaysHowToAllowThem() {
        assertThat(strict.refusal(URI.create("http://127.0.0.1:8080/hook"))).hasValueSatisfying(r ->
                assertThat(r).contains("127.0.0.1").contains("loopback").contains("delivery.allowPrivateTargets"));
        assertThat(strict.refusal(URI.create("http://169.254.169.254/latest/meta-data"))).hasValueSatisfying(r ->
                assertThat(r).contains("link-local"));
    }

    @Test
    void refusesSchemesAndShapesThatAreNeverDeliverable() {
        TargetGuard lenient = new TargetGuard(true);
        assertThat(lenient.refusal(URI.create("ftp://example.com/x"))).hasValueSatisfying(r -> assertThat(r).contains("only http and https"));
        assertThat(lenient.refusal(URI.create("file:///etc/passwd"))).isPresent();
        assertThat(lenient.refusal(URI.create("http://user:pw@example.com/x"))).hasValueSatisfying(r ->
                assertThat(r).contains("user info").doesNotContain("pw"));
        assertThat(lenient.refusal(URI.create("http://127.0.0.1:8080/hook"))).isEmpty();
    }
}
