package ai.bvrai.platform.it;

import ai.bvrai.voice.audio.Pcm16;
import ai.bvrai.voice.audio.TestSpeech;
import ai.bvrai.voice.audio.Wav;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import com.fasterxml.jackson.databind.JsonNode;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static ai.bvrai.platform.it.Keycloak.ALICE_ADMIN;
import static ai.bvrai.platform.it.Keycloak.EDDIE_EDITOR;
import static ai.bvrai.platform.it.Keycloak.PASSWORD;
import static ai.bvrai.platform.it.Keycloak.VERA_VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in a real browser (Debian's headless Chromium) against the running platform and the real Keycloak
 * login page. The browser opens the platform on its fixed dashboard port, the one the realm lets Keycloak send
 * browsers back to. Screenshots: {@code platform/target/dashboard-screenshots/}.
 */
class DashboardIT extends IntegrationTest {

    static final String DASHBOARD = "http://127.0.0.1:" + DashboardPortConfiguration.PORT + "/";
    static final String KEYCLOAK = System.getenv().getOrDefault("KEYCLOAK_URL", "http://127.0.0.1:8180");
    private static final Duration CALL_WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path speechDir;

    /** The caller: four seconds of silence (the agent greets), the question, then silence. */
    private static Path question;

    /** The caller: three seconds of silence, then talks over the agent's long greeting. */
    private static Path interruption;

    private Browser browser;

    @BeforeAll
    static void speech() throws IOException {
        assertThat(Browser.available()).as("%s and %s (./bvrai test installs them)", Browser.CHROMIUM, Browser.CHROMEDRIVER).isTrue();
        short[] words = TestSpeech.espeak("what are your opening hours", speechDir);
        short[] samples = new short[Pcm16.SAMPLE_RATE * 4 + words.length + Pcm16.SAMPLE_RATE * 6];
        System.arraycopy(words, 0, samples, Pcm16.SAMPLE_RATE * 4, words.length);
        question = speechDir.resolve("question.wav");
        Wav.writeMono(question, samples, Pcm16.SAMPLE_RATE);

        short[] wait = TestSpeech.espeak("wait, what are your opening hours", speechDir);
        short[] overTalk = new short[Pcm16.SAMPLE_RATE * 3 + wait.length + Pcm16.SAMPLE_RATE * 6];
        System.arraycopy(wait, 0, overTalk, Pcm16.SAMPLE_RATE * 3, wait.length);
        interruption = speechDir.resolve("interruption.wav");
        Wav.writeMono(interruption, overTalk, Pcm16.SAMPLE_RATE);
    }

    @BeforeEach
    void openBrowser(TestInfo test) {
        browser = Browser.open(test.getTags().contains("interrupts") ? interruption : question);
    }

    @AfterEach
    void closeBrowser(TestInfo test) {
        if (browser != null) {
            // the last state of every test, for when it failed
            browser.screenshot("last-" + test.getTestMethod().orElseThrow().getName().replaceAll("_.*", ""));
            System.out.println("[dashboard] " + browser.driver().getCurrentUrl() + "\n" + browser.driver().findElement(By.tagName("body")).getText());
            browser.close();
        }
    }

    private void signIn(String username, String password) {
        signIn(browser, username, password);
    }

    /** Signs in on Keycloak's login page, from the dashboard's start page. */
    static void signIn(Browser browser, String username, String password) {
        browser.go(DASHBOARD);
        // Keycloak with organizations asks for the username first, then the password
        browser.type(By.id("username"), username);
        browser.click(By.id("kc-login"));
        browser.type(By.id("password"), password);
        browser.click(By.id("kc-login"));
    }

    @Test
    void givenAnEditor_whenSigningInBuildingPublishingAndTalkingToAnAgent_thenTheCallAndItsTranscriptShowAndSignOutEndsTheSession() {
        browser.go(DASHBOARD);
        browser.waitFor(By.id("kc-login"));
        browser.screenshot("01-keycloak-login");
        signIn(EDDIE_EDITOR, PASSWORD);

        // who is signed in
        browser.waitForText(By.id("user-name"), "Eddie", Duration.ofSeconds(20));
        assertThat(browser.waitFor(By.id("user-org")).getText()).isEqualTo("acme");
        assertThat(browser.waitFor(By.id("user-role")).getText()).isEqualTo("editor");
        browser.waitFor(By.id("agent-list"));
        browser.screenshot("02-agents");

        // create: the API's validation message appears beside the field
        String name = unique("Browser agent");
        browser.click(By.id("new-agent"));
        browser.type(By.name("name"), name);
        browser.type(By.name("systemPrompt"), "You answer calls for {{company}}.");
        browser.type(By.name("variables"), "company=Acme");
        browser.type(By.name("firstMessage"), "Hello, this is Acme.");
        browser.type(By.name("knowledge"), """
                Q: What are your opening hours?
                A: We are open from nine in the morning to five in the afternoon.""");
        browser.type(By.name("silenceTimeoutSeconds"), "0");
        browser.click(By.id("save-agent"));
        By silenceError = By.cssSelector("[data-field='silenceTimeoutSeconds'] .field-error");
        new WebDriverWait(browser.driver(), Duration.ofSeconds(20)).until(d -> !d.findElement(silenceError).getText().isBlank());
        assertThat(browser.driver().findElement(silenceError).getText()).contains("1");
        browser.screenshot("03-agent-form-validation", By.name("silenceTimeoutSeconds"));
        browser.type(By.name("silenceTimeoutSeconds"), "30");
        browser.click(By.id("save-agent"));

        // publish twice with a change between: the versions and their diff
        browser.click(By.id("publish-agent"));
        browser.waitForText(By.id("agent-message"), "Published.", Duration.ofSeconds(20));
        browser.click(By.id("edit-agent"));
        browser.type(By.name("firstMessage"), "Hello, this is Acme, how can I help?");
        browser.click(By.id("save-agent"));
        browser.click(By.id("publish-agent"));
        browser.waitForText(By.id("versions"), "v2", Duration.ofSeconds(20));
        browser.waitForText(By.id("version-diff"), "firstMessage", Duration.ofSeconds(5));
        assertThat(browser.waitFor(By.id("version-diff")).getText()).contains("Hello, this is Acme.");
        browser.screenshot("04-agent-versions-diff");

        // archive and restore
        browser.click(By.id("archive-agent"));
        browser.waitForText(By.id("agent-message"), "Archived.", Duration.ofSeconds(20));
        browser.click(By.id("restore-agent"));
        browser.waitForText(By.id("agent-message"), "Restored.", Duration.ofSeconds(20));
        String agentId = browser.driver().getCurrentUrl().replaceAll(".*#/agents/", "");

        // talk to it: the fake microphone asks, the agent answers from its knowledge
        browser.click(By.id("talk-agent"));
        browser.click(By.id("start-call"));
        browser.waitForText(By.id("call-status"), "Connected", Duration.ofSeconds(20));
        browser.waitForText(By.cssSelector("#live-transcript .caller"), "hours", CALL_WAIT);
        browser.waitForText(By.id("live-transcript"), "nine in the morning", CALL_WAIT);
        browser.waitForText(By.id("agent-state"), "Your turn", CALL_WAIT);
        browser.screenshot("05-talk");
        browser.click(By.id("hang-up"));
        browser.waitForText(By.id("call-status"), "Call ended", Duration.ofSeconds(20));

        // the call: transcript, recording, latency chart, outcome
        browser.click(By.id("open-call"));
        browser.waitForText(By.id("transcript"), "hours", Duration.ofSeconds(20));
        browser.waitForText(By.id("transcript"), "nine in the morning", Duration.ofSeconds(20));
        // the page follows the call by server push until the end and the recording are stored
        browser.waitFor(By.id("recording-player"), Duration.ofSeconds(30));
        browser.waitFor(By.id("latency-chart"));
        assertThat(browser.waitFor(By.id("call-facts")).getText()).contains("caller hung up");
        browser.screenshot("06-call-detail");

        // the calls list, updated live by server push: a call started elsewhere appears and ends
        browser.go(DASHBOARD + "#/calls");
        browser.waitForText(By.id("live-status"), "Live", Duration.ofSeconds(20));
        // this agent's calls: other tests leave newer calls in the organization (some requested in the coming weeks)
        new org.openqa.selenium.support.ui.Select(browser.waitFor(By.name("agentId"))).selectByValue(agentId);
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), Duration.ofSeconds(20))
                .until(driver -> driver.findElements(By.cssSelector("tr[data-call-id]")).size() == 1);  // the talk call
        String other = as(EDDIE_EDITOR).post("/api/v1/calls", Map.of("agentId", agentId)).body().get("callId").asText();
        By otherRow = By.cssSelector("tr[data-call-id='" + other + "']");
        browser.waitForText(otherRow, "REQUESTED", Duration.ofSeconds(20));
        as(EDDIE_EDITOR).post("/api/v1/calls/" + other + "/hangup", null);
        browser.waitForText(otherRow, "ended via api", Duration.ofSeconds(20));
        browser.screenshot("07-calls");
        browser.phoneWidth();
        browser.screenshot("08-calls-phone");
        browser.laptopWidth();

        // sign out ends the Keycloak session: the next visit asks for the password again
        browser.click(By.id("sign-out"));
        browser.waitFor(By.id("sign-in"));
        browser.screenshot("09-signed-out");
        browser.go(DASHBOARD);
        browser.waitFor(By.id("kc-login"));
        assertThat(browser.consoleErrors(KEYCLOAK)).isEmpty();
    }

    @Test
    @Tag("interrupts")
    void givenTheAgentIsSpeaking_whenTheCallerTalksOverIt_thenItsAudioStopsAndTheTurnIsMarkedInterrupted() {
        Map<String, Object> definition = new java.util.HashMap<>(agent(unique("Talkative")));
        definition.put("firstMessage", "Hello and welcome to Acme. We sell anvils, rockets and giant magnets. "
                + "Our catalogue has more than two hundred products. Let me tell you about this week's offers.");
        definition.put("knowledge", "Q: What are your opening hours?\nA: We are open from nine in the morning to five in the afternoon.");
        String agentId = as(EDDIE_EDITOR).post("/api/v1/agents", definition).body().get("agentId").asText();
        assertThat(as(EDDIE_EDITOR).post("/api/v1/agents/" + agentId + "/publish", null).status()).isEqualTo(201);

        signIn(EDDIE_EDITOR, PASSWORD);
        browser.waitFor(By.id("user-name"));
        browser.go(DASHBOARD + "#/talk/" + agentId);
        browser.click(By.id("start-call"));
        browser.waitForText(By.id("agent-state"), "You interrupted", CALL_WAIT);
        browser.waitFor(By.cssSelector("#live-transcript .agent .interrupted"));
        browser.waitForText(By.cssSelector("#live-transcript .caller"), "hours", CALL_WAIT);
        browser.screenshot("12-talk-interrupted");
        String callId = browser.waitFor(By.id("open-call")).getAttribute("href").replaceAll(".*#/calls/", "");
        browser.click(By.id("hang-up"));
        browser.waitForText(By.id("call-status"), "Call ended", Duration.ofSeconds(20));

        // what was recorded: the greeting cut short, only the heard words
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode greeting = as(EDDIE_EDITOR).get("/api/v1/calls/" + callId).body().get("turns").get(0);
            assertThat(greeting.get("speaker").asText()).isEqualTo("AGENT");
            assertThat(greeting.get("interrupted").asBoolean()).isTrue();
            assertThat(greeting.get("text").asText()).doesNotContain("this week's offers");
        });
        assertThat(browser.consoleErrors(KEYCLOAK)).isEmpty();
    }

    @Test
    void givenAViewer_whenSignedIn_thenTheDashboardShowsNoWriteControls() {
        String agentId = createAgent(ALICE_ADMIN, unique("Viewed agent"));
        as(ALICE_ADMIN).post("/api/v1/agents/" + agentId + "/publish", null);

        signIn(VERA_VIEWER, PASSWORD);
        browser.waitForText(By.id("user-role"), "viewer", Duration.ofSeconds(20));
        browser.waitFor(By.cssSelector("#agent-list table"));
        assertThat(browser.present(By.id("new-agent"))).isFalse();

        browser.go(DASHBOARD + "#/agents/" + agentId);
        browser.waitFor(By.id("versions"));
        assertThat(browser.present(By.id("agent-actions"))).isFalse();
        assertThat(browser.present(By.id("edit-agent"))).isFalse();
        assertThat(browser.present(By.id("publish-agent"))).isFalse();
        browser.screenshot("10-viewer-agent");

        browser.go(DASHBOARD + "#/talk/" + agentId);
        assertThat(browser.waitFor(By.id("start-call")).isEnabled()).isFalse();
        assertThat(browser.consoleErrors(KEYCLOAK)).isEmpty();
    }

    @Test
    void givenAWrongPassword_whenSigningIn_thenKeycloakShowsItsErrorAndNoDashboard() {
        signIn(EDDIE_EDITOR, "not-the-password");
        browser.waitForText(By.tagName("body"), "Invalid username or password", Duration.ofSeconds(20));
        assertThat(browser.driver().getCurrentUrl()).startsWith(KEYCLOAK);
        assertThat(browser.present(By.id("user-name"))).isFalse();
        browser.screenshot("11-wrong-password");
    }
}
