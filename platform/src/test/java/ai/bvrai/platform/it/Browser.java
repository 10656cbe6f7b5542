package ai.bvrai.platform.it;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

/**
 * Debian's headless Chromium driven by Selenium through {@code /usr/bin/chromedriver} (Selenium Manager stays
 * offline: {@code SE_OFFLINE}, {@code SE_AVOID_STATS} are set in Failsafe's environment). The microphone is a WAV
 * file played once. Screenshots go to {@code target/dashboard-screenshots}; console errors of the dashboard are
 * collected so a test can require there are none.
 */
final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");
    static final String CHROMEDRIVER = System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver");
    static final String CHROMIUM = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");

    final ChromeDriver driver;
    private final List<String> consoleErrors = new ArrayList<>();

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    static boolean available() {
        return new File(CHROMEDRIVER).canExecute() && new File(CHROMIUM).canExecute();
    }

    /** A fresh browser (no cookies) whose microphone says what the file holds, once. */
    static Browser open(Path microphone) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,900",
                "--autoplay-policy=no-user-gesture-required", "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream");
        if (microphone != null) {
            options.addArguments("--use-file-for-fake-audio-capture=" + microphone.toAbsolutePath() + "%noloop");
        }
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).build();
        return new Browser(new ChromeDriver(service, options));
    }

    Browser go(String url) {
        driver.get(url);
        return this;
    }

    WebElement waitFor(By by) {
        return waitFor(by, Duration.ofSeconds(20));
    }

    WebElement waitFor(By by, Duration timeout) {
        return new WebDriverWait(driver, timeout).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    void waitForText(By by, String text, Duration timeout) {
        new WebDriverWait(driver, timeout).until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    void click(By by) {
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.elementToBeClickable(by)).click();
    }

    void type(By by, String text) {
        WebElement input = waitFor(by);
        input.clear();
        input.sendKeys(text);
    }

    boolean present(By by) {
        return !driver.findElements(by).isEmpty();
    }

    void phoneWidth() {
        driver.manage().window().setSize(new Dimension(390, 844));
    }

    void laptopWidth() {
        driver.manage().window().setSize(new Dimension(1280, 900));
    }

    /** Scrolls the element into the middle of the window, then saves the page as a screenshot. */
    Path screenshot(String name, By focus) {
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", waitFor(focus));
        return screenshot(name);
    }

    /** Saves the page as {@code target/dashboard-screenshots/<name>.png}. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), target,
                    StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Console errors since the browser opened, except those of Keycloak's own pages and the 400/409 answers the
     * dashboard shows as inline messages (Chromium logs every non-2xx response as an error).
     */
    List<String> consoleErrors(String keycloakOrigin) {
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            String message = entry.getMessage();
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue() && !message.startsWith(keycloakOrigin)
                    && !message.contains("status of 400") && !message.contains("status of 409")) {
                consoleErrors.add(message);
            }
        }
        return List.copyOf(consoleErrors);
    }

    WebDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
