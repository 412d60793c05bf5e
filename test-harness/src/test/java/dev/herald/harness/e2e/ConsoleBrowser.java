package dev.herald.harness.e2e;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Debian's headless chromium through {@code /usr/bin/chromedriver}: the driver's path is given, so
 * Selenium Manager never downloads a driver or a browser. A fresh profile each time.
 */
final class ConsoleBrowser implements AutoCloseable {
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    final ChromeDriver driver;
    private final Path profile;

    ConsoleBrowser() throws IOException {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        profile = Files.createTempDirectory("herald-chromium-");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1280,900", "--user-data-dir=" + profile);
        driver = new ChromeDriver(options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    }

    WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(15));
    }

    WebElement visible(By by) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Clicks a console link and waits for that page to be drawn anew. */
    void openPage(String name) {
        String before = driver.findElement(By.id("page")).getDomAttribute("data-loaded");
        driver.findElement(By.cssSelector("#nav a[href='#" + name + "']")).click();
        waiting().until(d -> {
            WebElement page = d.findElement(By.id("page"));
            String loaded = page.getDomAttribute("data-loaded");
            return name.equals(page.getDomAttribute("data-page")) && loaded != null && !loaded.equals(before);
        });
    }

    /** The status a {@code fetch} from the page gets; {@code csrf} is sent as the CSRF header when not null. */
    long fetchStatus(String method, String path, String csrf) {
        Object status = driver.executeAsyncScript("""
                const [method, path, csrf, done] = arguments;
                const headers = csrf === null ? {} : { 'X-Herald-CSRF': csrf };
                fetch(path, { method, headers, credentials: 'same-origin' }).then(r => done(r.status), e => done(-1));""",
                method, path, csrf);
        return (Long) status;
    }

    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
