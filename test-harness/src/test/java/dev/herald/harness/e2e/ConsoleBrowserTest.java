package dev.herald.harness.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.harness.HeraldExtension;
import dev.herald.harness.ObjectOperation;
import dev.herald.harness.RecordedRequest;
import dev.herald.harness.RecordingReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.herald.harness.HeraldExtension.ACCESS_KEY;
import static dev.herald.harness.HeraldExtension.SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web console in a real headless chromium: refused without a session, signed in with the
 * admin token, a rule and a dead letter this test made are on their pages, the dead letter is
 * replayed from the page and reaches the receiver, a state change without the CSRF token (or from
 * another origin) is refused, and every page is saved as a screenshot under
 * {@code target/console-screenshots/}.
 */
class ConsoleBrowserTest {
    @RegisterExtension
    HeraldExtension herald = HeraldExtension.withConfig(HeraldExtension.DEFAULT_YAML
            .replace("  retrySchedule: [0s, 200ms, 500ms, 1s, 2s]", "  retrySchedule: [0s]") + AdminApi.CONFIG);
    private final AdminApi admin = new AdminApi(herald::baseUri);
    private ConsoleBrowser browser;

    @BeforeEach
    void startBrowser() throws Exception {
        assumeTrue(Files.isExecutable(ConsoleBrowser.CHROMEDRIVER), "no /usr/bin/chromedriver (Debian's chromium-driver)");
        browser = new ConsoleBrowser();
    }

    @AfterEach
    void stopBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void anOperatorSignsInSeesTheRuleAndDeadLetterAndReplaysIt() throws Exception {
        AtomicInteger status = new AtomicInteger(500);
        RecordingReceiver receiver = herald.receiver().answerWith(r -> RecordingReceiver.Answer.status(status.get()));
        BosSdk.putRules(herald.baseUri(), ACCESS_KEY, SECRET_KEY, "photos", List.of(BosSdk.rule("console-rule",
                receiver.url("/bos").toString(), null, List.of("/images/"), List.of("PutObject"))));
        assertThat(herald.minio(ObjectOperation.put("photos", "images/console.jpg").size(7).eTag("e1")).status()).isEqualTo(200);
        String deadId = await().atMost(Duration.ofSeconds(10)).until(admin::deadLetters, l -> l.size() == 1).get(0)
                .get("id").asText();

        String base = herald.baseUri().toString();
        browser.driver.get(base + "/admin/overview");
        assertThat(browser.driver.findElement(By.tagName("body")).getText()).as("the admin API without a session")
                .contains("\"error\":\"unauthorized\"");
        browser.driver.get(base + "/console");
        browser.visible(By.id("token")).sendKeys("not-the-token");
        browser.driver.findElement(By.id("sign-in")).click();
        assertThat(browser.visible(By.id("signin-error")).getText()).isEqualTo("That is not the admin token.");
        assertThat(browser.driver.manage().getCookieNamed("herald_console")).isNull();
        browser.screenshot("sign-in");

        browser.driver.findElement(By.id("token")).sendKeys("admin-secret");
        browser.driver.findElement(By.id("sign-in")).click();
        browser.visible(By.id("ingest-rate"));
        assertThat(browser.driver.getCurrentUrl()).as("the token is never in a URL").isEqualTo(base + "/console/");
        Cookie session = browser.driver.manage().getCookieNamed("herald_console");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        assertThat(browser.driver.findElement(By.id("dead-letters")).getText()).contains("Dead letters\n1");
        assertThat(browser.driver.findElements(By.cssSelector("#ingest-rate svg"))).hasSize(1);
        browser.screenshot("overview");

        browser.openPage("buckets");
        WebElement bucket = browser.driver.findElement(By.cssSelector("section.bucket[data-bucket='photos']"));
        JsonNode shown = new com.fasterxml.jackson.databind.ObjectMapper().readTree(bucket.findElement(By.tagName("pre")).getText());
        assertThat(shown.at("/notifications/0/id").asText()).isEqualTo("console-rule");
        assertThat(shown.at("/notifications/0/resources/0").asText()).isEqualTo("/images/");
        assertThat(shown.at("/notifications/0/apps/0/eventUrl").asText()).isEqualTo(receiver.url("/bos").toString());
        assertThat(shown.at("/notifications/0/apps/0").has("deliveryUrl")).as("the vendor's JSON, not Herald's stored form").isFalse();
        browser.screenshot("buckets");

        browser.openPage("dead-letters");
        WebElement row = browser.visible(By.cssSelector("tr[data-id='" + deadId + "']"));
        assertThat(row.getText()).contains("bos", "photos", "500");
        row.findElement(By.cssSelector("a.show")).click();
        assertThat(browser.visible(By.id("dead-letter-payload")).getText()).contains("\"object\":\"images/console.jpg\"")
                .contains("\"configurationId\":\"console-rule\"");
        assertThat(browser.driver.findElement(By.id("dead-letter-headers")).getText())
                .startsWith("Content-Type: application/json");
        browser.screenshot("dead-letters");

        assertThat(browser.fetchStatus("POST", "/admin/dead-letters/" + deadId + "/replay", null))
                .as("a state change without the CSRF token").isEqualTo(403);
        assertThat(crossOriginReplay(deadId, session.getValue())).as("the right token from another origin").isEqualTo(403);
        assertThat(admin.deadLetters()).hasSize(1);

        status.set(200);
        receiver.clear();
        browser.driver.findElement(By.cssSelector("tr[data-id='" + deadId + "'] button.replay")).click();
        RecordedRequest replayed = receiver.awaitRequests(1, Duration.ofSeconds(10)).getFirst();
        assertThat(replayed.header("X-Herald-Delivery-Id")).isEqualTo(deadId);
        assertThat(replayed.bodyText()).contains("\"object\":\"images/console.jpg\"");
        assertThat(browser.visible(By.id("dead-letters-message")).getText()).isEqualTo("Replayed 1: " + deadId);
        await().atMost(Duration.ofSeconds(10)).until(admin::deadLetters, l -> l.isEmpty());

        browser.openPage("destinations");
        assertThat(browser.driver.findElement(By.id("page")).getText()).contains("http://127.0.0.1:" + receiver.port(), "closed");
        browser.screenshot("destinations");

        browser.openPage("deliveries");
        WebElement search = browser.driver.findElement(By.id("delivery-search"));
        search.sendKeys("console.jpg\n");
        browser.waiting().until(d -> "console.jpg".equals(d.findElement(By.id("delivery-results")).getDomAttribute("data-query")));
        List<WebElement> attempts = browser.driver.findElements(By.cssSelector("#delivery-results tr[data-id='" + deadId + "']"));
        assertThat(attempts).extracting(WebElement::getText).satisfiesExactly(
                newest -> assertThat(newest).contains("images/console.jpg", "200", "delivered"),
                first -> assertThat(first).contains("images/console.jpg", "500", "dead"));
        browser.screenshot("deliveries");

        browser.driver.findElement(By.id("sign-out")).click();
        browser.visible(By.id("token"));
        assertThat(browser.fetchStatus("GET", "/admin/overview", null)).as("after sign-out").isEqualTo(401);
    }

    /** A replay with the session's cookie and CSRF token that says it comes from another site. */
    private int crossOriginReplay(String id, String cookie) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String csrf = new com.fasterxml.jackson.databind.ObjectMapper().readTree(http.send(HttpRequest.newBuilder(
                herald.baseUri().resolve("/console/session")).header("Cookie", "herald_console=" + cookie).build(),
                HttpResponse.BodyHandlers.ofString()).body()).get("csrfToken").asText();
        return http.send(HttpRequest.newBuilder(URI.create(herald.baseUri() + "/admin/dead-letters/" + id + "/replay"))
                .header("Cookie", "herald_console=" + cookie).header("X-Herald-CSRF", csrf).header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
