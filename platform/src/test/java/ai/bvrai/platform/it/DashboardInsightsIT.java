package ai.bvrai.platform.it;

import ai.bvrai.voice.audio.Pcm16;
import ai.bvrai.voice.audio.TestSpeech;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static ai.bvrai.platform.it.DashboardIT.DASHBOARD;
import static ai.bvrai.platform.it.DashboardIT.KEYCLOAK;
import static ai.bvrai.platform.it.DashboardIT.signIn;
import static ai.bvrai.platform.it.Keycloak.EDDIE_EDITOR;
import static ai.bvrai.platform.it.Keycloak.OLGA_OPERATOR;
import static ai.bvrai.platform.it.Keycloak.PASSWORD;
import static ai.bvrai.platform.it.Keycloak.VERA_VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard's analytics, audit timeline and read-model pages in the real browser, beside {@link DashboardIT}
 * (same helpers, same Spring context). Screenshots: {@code platform/target/dashboard-screenshots/}.
 */
class DashboardInsightsIT extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path speechDir;

    /** The caller's question, for a call with measured latency. */
    private static byte[] question;

    private Browser browser;

    @BeforeAll
    static void chromiumAndSpeech() {
        assertThat(Browser.available()).as("%s and %s (./bvrai test installs them)", Browser.CHROMIUM, Browser.CHROMEDRIVER).isTrue();
        question = Pcm16.toBytes(TestSpeech.espeak("what are your opening hours", speechDir));
    }

    @BeforeEach
    void openBrowser() {
        browser = Browser.open(null);
    }

    @AfterEach
    void closeBrowser(TestInfo test) {
        if (browser != null) {
            browser.screenshot("last-" + test.getTestMethod().orElseThrow().getName().replaceAll("_.*", ""));
            System.out.println("[dashboard] " + browser.driver().getCurrentUrl() + "\n" + browser.driver().findElement(By.tagName("body")).getText());
            browser.close();
        }
    }

    /** A published agent of acme with {@code calls} calls started and hung up through the API. */
    private String agentWithEndedCalls(String name, int calls) {
        Map<String, Object> definition = new java.util.HashMap<>(agent(name));
        definition.put("firstMessage", "Hello, this is Acme.");
        definition.put("knowledge", "Q: What are your opening hours?\nA: We are open from nine in the morning to five in the afternoon.");
        Api.Response created = as(EDDIE_EDITOR).post("/api/v1/agents", definition);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String agentId = created.body().get("agentId").asText();
        assertThat(as(EDDIE_EDITOR).post("/api/v1/agents/" + agentId + "/publish", null).status()).isEqualTo(201);
        for (int i = 0; i < calls; i++) {
            String callId = as(EDDIE_EDITOR).post("/api/v1/calls", Map.of("agentId", agentId)).body().get("callId").asText();
            assertThat(as(EDDIE_EDITOR).post("/api/v1/calls/" + callId + "/hangup", null).status()).isLessThan(300);
        }
        return agentId;
    }

    /** A web call over the call's WebSocket: the greeting, the question answered, the caller hangs up. */
    private void talkTo(String agentId) throws InterruptedException {
        JsonNode call = as(EDDIE_EDITOR).post("/api/v1/calls", Map.of("agentId", agentId)).body();
        BrowserClient caller = BrowserClient.connect(URI.create("ws://127.0.0.1:" + port + "/api/v1/calls/"
                + call.get("callId").asText() + "/stream?token=" + call.get("sessionToken").asText()));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> caller.count("agent_done") == 1);
            caller.say(question);
            await().atMost(Duration.ofSeconds(30)).until(() -> caller.count("agent_done") == 2);
            caller.send("{\"type\":\"hangup\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> caller.closed.isDone());
        } finally {
            caller.stop();
        }
    }

    private LocalDate organizationToday() {
        String zone = as(EDDIE_EDITOR).get("/api/v1/organization/settings").body().get("timeZone").asText();
        return LocalDate.now(ZoneId.of(zone));
    }

    /** Sets a date input the way a user's date picker does (typing depends on the browser's locale). */
    private void setDate(By input, LocalDate date) {
        browser.driver.executeScript("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change'));",
                browser.waitFor(input), date.toString());
    }

    private String text(By by) {
        return browser.waitFor(by).getText();
    }

    @Test
    void givenCallsOfAnAgent_whenAnEditorOpensAnalytics_thenTheChartsAndTablesShowWhatTheApiCounts() throws InterruptedException {
        String name = unique("Analytics agent");
        String agentId = agentWithEndedCalls(name, 3);
        talkTo(agentId);
        LocalDate today = organizationToday();
        String range = "from=" + today.minusDays(6) + "&to=" + today + "&agentId=" + agentId;
        JsonNode volume = await().atMost(WAIT).until(
                () -> as(EDDIE_EDITOR).get("/api/v1/analytics/calls?" + range).body(),
                answer -> answer.get("total").get("ended").asLong() == 4);
        JsonNode latency = as(EDDIE_EDITOR).get("/api/v1/analytics/latency?" + range).body();
        JsonNode firstAudio = latency.get("stages").get(4);
        assertThat(firstAudio.get("stage").asText()).isEqualTo("firstAudioSent");
        assertThat(firstAudio.get("turns").asLong()).isPositive();
        JsonNode outcomes = as(EDDIE_EDITOR).get("/api/v1/analytics/outcomes?" + range).body();
        long endedViaApi = 0;
        for (JsonNode outcome : outcomes.get("outcomes")) {
            if (outcome.get("reason").asText().equals("ENDED_VIA_API")) endedViaApi = outcome.get("calls").asLong();
        }
        assertThat(endedViaApi).isEqualTo(3);

        signIn(browser, EDDIE_EDITOR, PASSWORD);
        browser.waitForText(By.id("user-name"), "Eddie", WAIT);
        browser.click(By.linkText("Analytics"));
        browser.waitFor(By.id("analytics-totals"));
        new Select(browser.waitFor(By.id("analytics-agent"))).selectByVisibleText(name);
        browser.waitForText(By.cssSelector("[data-total='Calls']"), "4", WAIT);

        // the numbers the API gives: totals, one bar for today, the end reasons, the row of the agent's version
        assertThat(text(By.cssSelector("[data-total='Calls']"))).isEqualTo(volume.get("total").get("calls").asText());
        assertThat(text(By.cssSelector("[data-total='Ended']"))).isEqualTo(volume.get("total").get("ended").asText());
        List<WebElement> days = browser.driver().findElements(By.cssSelector("#chart-calls-per-day rect.bar"));
        assertThat(days).hasSize(1);
        assertThat(days.getFirst().getAttribute("data-value")).isEqualTo("4");
        assertThat(text(By.cssSelector("[data-total='Connected']"))).isEqualTo("1");
        assertThat(text(By.cssSelector("[data-total='Agent talk time']"))).isNotEqualTo("0:00");
        assertThat(text(By.id("chart-outcomes"))).contains("ended via api");
        assertThat(browser.driver().findElements(By.cssSelector("#chart-outcomes rect.bar")))
                .extracting(bar -> bar.getAttribute("data-value")).containsExactlyInAnyOrder("1", String.valueOf(endedViaApi));
        assertThat(text(By.id("chart-outcomes"))).contains("caller hung up");
        assertThat(browser.present(By.cssSelector("#chart-durations rect.bar"))).isTrue();
        assertThat(text(By.cssSelector("#analytics-agents tr[data-agent-id='" + agentId + "'][data-agent-version='1'] .calls"))).isEqualTo("4");
        // the latency percentiles of the one answered turn, as the API gives them
        browser.waitFor(By.id("chart-latency"));
        assertThat(browser.driver().findElements(By.cssSelector("#chart-latency rect.bar"))).isNotEmpty();
        WebElement stage = browser.waitFor(By.cssSelector("#analytics-latency tr[data-stage='firstAudioSent']"));
        assertThat(stage.findElements(By.tagName("td"))).extracting(WebElement::getText).containsExactly("First audio sent",
                firstAudio.get("turns").asText(), firstAudio.get("p50").asText() + " ms", firstAudio.get("p90").asText() + " ms",
                firstAudio.get("p95").asText() + " ms", firstAudio.get("p99").asText() + " ms", firstAudio.get("max").asText() + " ms");
        assertThat(browser.waitFor(By.id("read-model")).getAttribute("data-state")).isIn("LIVE", "CATCHING_UP", "REBUILDING");

        // a one-day range is drawn per hour too
        setDate(By.id("analytics-from"), today);
        browser.waitFor(By.id("chart-calls-per-hour"));
        assertThat(browser.driver().findElements(By.cssSelector("#chart-calls-per-hour rect.bar")))
                .extracting(bar -> Integer.parseInt(bar.getAttribute("data-value")))
                .isNotEmpty().satisfies(bars -> assertThat(bars.stream().mapToInt(Integer::intValue).sum()).isEqualTo(4));
        browser.screenshot("13-analytics");
        browser.phoneWidth();
        browser.screenshot("14-analytics-phone", By.id("analytics-agents"));
        browser.laptopWidth();
        browser.screenshot("13-analytics-latency", By.id("chart-latency"));
        assertThat(browser.consoleErrors(KEYCLOAK)).isEmpty();
    }

    @Test
    void givenAnEditedAgentAndACall_whenTheirHistoryIsOpened_thenTheAuditShowsWhoChangedWhatWithTheDiff() {
        String agentId = agentWithEndedCalls(unique("Audited agent"), 1);
        assertThat(as(EDDIE_EDITOR).patch("/api/v1/agents/" + agentId, Map.of("firstMessage", "Acme, good morning!")).status())
                .isLessThan(300);
        String callId = as(EDDIE_EDITOR).get("/api/v1/calls?agentId=" + agentId).body().get("items").get(0).get("callId").asText();

        signIn(browser, EDDIE_EDITOR, PASSWORD);
        browser.waitForText(By.id("user-name"), "Eddie", WAIT);
        browser.go(DASHBOARD + "#/agents/" + agentId);
        browser.click(By.id("agent-history"));
        browser.waitForText(By.id("audit-list"), "created agent", WAIT);
        String timeline = text(By.id("audit-list"));
        assertThat(timeline).contains("Eddie Editor").contains("published version 1");
        // the configuration change, newest first, with its diff
        WebElement change = browser.waitFor(By.cssSelector("#audit-list .audit-entry tr[data-field='firstMessage']"));
        assertThat(change.findElement(By.cssSelector(".added")).getText()).isEqualTo("Acme, good morning!");
        WebElement first = browser.driver().findElements(By.cssSelector("#audit-list .audit-entry")).getFirst();
        assertThat(first.findElement(By.cssSelector(".actor")).getText()).isEqualTo("Eddie Editor");
        assertThat(first.findElement(By.cssSelector(".action")).getText()).containsIgnoringCase("changed");
        assertThat(first.findElement(By.cssSelector("tr[data-field='firstMessage']")).isDisplayed()).isTrue();
        // each entry is shown under the request that caused it
        assertThat(browser.driver().findElements(By.cssSelector("#audit-list .audit-group[data-correlation-id]"))).isNotEmpty();
        assertThat(browser.driver().getCurrentUrl()).endsWith("#/audit?entity=agent%3A" + agentId);
        browser.screenshot("15-audit-agent");

        // a call's history: requested and ended, by the editor
        browser.go(DASHBOARD + "#/calls/" + callId);
        browser.click(By.id("call-history"));
        browser.waitForText(By.id("audit-list"), "ended the call", WAIT);
        assertThat(text(By.id("audit-list"))).contains("requested a web call").contains("Eddie Editor");
        browser.screenshot("16-audit-call");
        assertThat(browser.consoleErrors(KEYCLOAK)).isEmpty();
    }

    @Test
    void givenAnOperator_whenReplayingTheAnalyticsReadModel_thenTheProgressBarFollowsTheRebuildToTheEnd() {
        agentWithEndedCalls(unique("Replayed agent"), 1);

        signIn(browser, OLGA_OPERATOR, PASSWORD);
        browser.waitFor(By.id("user-operator"));
        browser.click(By.linkText("Read models"));
        By row = By.cssSelector("#read-models tr[data-processor='analytics-projection']");
        browser.waitFor(row);
        // sagas and the command side's processors are listed, but cannot be replayed
        assertThat(browser.driver().findElements(By.cssSelector("#read-models tr[data-processor]")))
                .anySatisfy(processor -> {
                    assertThat(processor.getText()).contains("not replayable");
                    assertThat(processor.findElements(By.tagName("button"))).isEmpty();
                });

        browser.click(By.id("replay-analytics-projection"));
        new WebDriverWait(browser.driver(), WAIT).until(ExpectedConditions.alertIsPresent()).accept();
        browser.waitForText(By.id("read-models-message"), "analytics-projection is rebuilt and live", Duration.ofSeconds(60));
        WebElement rebuilt = browser.waitFor(row);
        assertThat(rebuilt.getAttribute("data-state")).isEqualTo("LIVE");
        assertThat(rebuilt.findElement(By.tagName("progress")).getAttribute("value")).isEqualTo("1");
        assertThat(rebuilt.findElement(By.cssSelector(".percent")).getText()).isEqualTo("100 %");
        assertThat(rebuilt.findElement(By.id("replay-analytics-projection")).isEnabled()).isTrue();
        browser.screenshot("17-read-models-replayed");
        // the API agrees: rebuilt to the head
        JsonNode status = as(OLGA_OPERATOR).get("/api/v1/admin/projections/analytics-projection").body();
        assertThat(status.get("state").asText()).isEqualTo("LIVE");
        assertThat(browser.consoleErrors(KEYCLOAK)).isEmpty();
    }

    @Test
    void givenAViewer_whenSignedIn_thenThereIsNoReadModelPageAndNoReplay() {
        signIn(browser, VERA_VIEWER, PASSWORD);
        browser.waitForText(By.id("user-role"), "viewer", WAIT);
        browser.waitFor(By.linkText("Analytics"));
        assertThat(browser.present(By.linkText("Read models"))).isFalse();
        assertThat(browser.present(By.id("user-operator"))).isFalse();

        browser.go(DASHBOARD + "#/read-models");
        browser.waitForText(By.tagName("h1"), "Not found", WAIT);
        assertThat(browser.present(By.cssSelector("button.replay"))).isFalse();
        browser.screenshot("18-viewer-no-read-models");
        // and the API refuses the replay anyway
        assertThat(as(VERA_VIEWER).post("/api/v1/admin/projections/analytics-projection/replay", null).status()).isEqualTo(403);
        assertThat(browser.consoleErrors(KEYCLOAK)).isEmpty();
    }
}
