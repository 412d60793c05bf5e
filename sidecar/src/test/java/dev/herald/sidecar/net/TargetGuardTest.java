package dev.herald.sidecar.net;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetGuardTest {
    private final TargetGuard strict = new TargetGuard(false);

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.9.9.9", "::1", "10.1.2.3", "172.16.0.1", "172.31.255.255",
        "192.168.1.1", "169.254.169.254", "100.64.0.1", "100.127.255.254", "0.0.0.0", "0.1.2.3",
        "fc00::1", "fd00:ec2::254", "fe80::1", "224.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254"})
    void refusesInternalAddresses(String ip) throws UnknownHostException {
        assertThat(strict.refusal(ip, 80, InetAddress.getByName(ip))).as(ip).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.1", "172.32.0.1", "2001:4860:4860::8888"})
    void allowsPublicAddresses(String ip) throws UnknownHostException {
        assertThat(strict.refusal(ip, 80, InetAddress.getByName(ip))).as(ip).isEmpty();
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

    @Test
    void theAllowlistLetsExactlyItsNetworksAndHostsThrough() throws UnknownHostException {
        TargetGuard guard = new TargetGuard(false, TargetAllowlist.parse(List.of("10.20.0.0/16", "127.0.0.2/32",
                "hooks.internal:8443", "[fd00::1]:9000")));
        assertThat(guard.refusal("a", 80, InetAddress.getByName("10.20.255.1"))).as("inside the block").isEmpty();
        assertThat(guard.refusal("a", 80, InetAddress.getByName("10.21.0.1"))).as("next to it").isPresent();
        assertThat(guard.refusal("a", 80, InetAddress.getByName("127.0.0.2"))).isEmpty();
        assertThat(guard.refusal("a", 80, InetAddress.getByName("127.0.0.1"))).as("a /32 is one address").isPresent();
        assertThat(guard.refusal("hooks.internal", 8443, InetAddress.getByName("10.9.9.9"))).as("the named host and port").isEmpty();
        assertThat(guard.refusal("HOOKS.internal", 8443, InetAddress.getByName("10.9.9.9"))).isEmpty();
        assertThat(guard.refusal("hooks.internal", 443, InetAddress.getByName("10.9.9.9"))).as("another port").isPresent();
        assertThat(guard.refusal("other.internal", 8443, InetAddress.getByName("10.9.9.9"))).isPresent();
        assertThat(guard.refusal("fd00::1", 9000, InetAddress.getByName("fd00::1"))).isEmpty();
        assertThat(guard.refusal(URI.create("https://hooks.internal:8443/x"))).as("at PUT, without a lookup").isEmpty();
        assertThat(guard.refusal(URI.create("http://127.0.0.1:8443/x"))).as("a listed port on another host").isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://0x7f000001/", "http://0177.0.0.1/", "http://2130706433/", "http://127.1/",
        "http://0x7f.0.0.1/", "http://127.0.0.01/", "http://localhost./", "http://localhost.localdomain/",
        "http://app.localhost/", "http://example.com./", "http://[::127.0.0.1]/", "http://[::ffff:0:127.0.0.1]/",
        "http://[64:ff9b::7f00:1]/", "http://[64:ff9b::a00:1]/", "http://[2002:7f00:1::1]/", "http://[2002:a9fe:a9fe::1]/",
        "http://[::1%25lo]/", "http://[fe80::1%25eth0]:8080/", "http://255.255.255.255/"})
    void refusesAmbiguousAndPrivateEmbeddingFormsAtPut(String url) {
        assertThat(strict.refusal(URI.create(url))).as(url).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://8.8.8.8/", "http://[64:ff9b::808:808]/", "http://[2002:808:808::1]/",
        "http://[2001:4860:4860::8888]/", "http://hooks.example.com/x", "http://1.2.3.4.nip.example.com/"})
    void publicFormsStillPass(String url) {
        assertThat(strict.refusal(URI.create(url))).as(url).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"64:ff9b::7f00:1", "2002:7f00:1::1", "::127.0.0.1", "::ffff:0:7f00:1", "255.255.255.255"})
    void theConnectTimeCheckJudgesTheEmbeddedAddressToo(String ip) throws UnknownHostException {
        assertThat(strict.refusal("x", 80, InetAddress.getByName(ip))).as(ip).isPresent();
    }

    @Test
    void theAllowlistAdmitsExactlyTheAmbiguousFormsItNames() {
        TargetGuard guard = new TargetGuard(false, TargetAllowlist.parse(List.of("localhost.localdomain", "0177.0.0.1:8080",
                "64:ff9b::/96", "[::1%25lo]")));
        assertThat(guard.refusal(URI.create("http://localhost.localdomain/x"))).isEmpty();
        assertThat(guard.refusal(URI.create("http://0177.0.0.1:8080/x"))).isEmpty();
        assertThat(guard.refusal(URI.create("http://0177.0.0.1:8081/x"))).as("another port").isPresent();
        assertThat(guard.refusal(URI.create("http://[64:ff9b::7f00:1]/x"))).as("inside the listed block").isEmpty();
        assertThat(guard.refusal(URI.create("http://[::1%25lo]/x"))).isEmpty();
        assertThat(guard.refusal(URI.create("http://localhost./x"))).as("not listed").isPresent();
        assertThat(guard.refusal(URI.create("http://[2002:7f00:1::1]/x"))).as("not listed").isPresent();
    }

    @Test
    void anAllowlistEntryThatIsNeitherABlockNorAHostIsRefused() {
        assertThatThrownBy(() -> TargetAllowlist.parse(List.of("10.0.0.0/33"))).hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> TargetAllowlist.parse(List.of("hooks.internal/16"))).hasMessageContaining("CIDR");
        assertThatThrownBy(() -> TargetAllowlist.parse(List.of("hooks.internal:http"))).hasMessageContaining("port");
        assertThatThrownBy(() -> TargetAllowlist.parse(List.of(":8080"))).isInstanceOf(IllegalArgumentException.class);
    }
}
