package ai.bvrai.voice.transport.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;

import ai.bvrai.api.organization.Provider;
import ai.bvrai.infra.credentials.ProviderSecret;

/** The Media Streams side of a phone call against a socket stand-in, and Twilio's REST API on WireMock. */
class TwilioMediaTransportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SID = "AC0123";
    private static final String TOKEN = "secret-token";

    private final WireMockServer twilio = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private final List<JsonNode> sent = new CopyOnWriteArrayList<>();
    private final AtomicBoolean open = new AtomicBoolean(true);
    private TwilioMediaTransport transport;

    @BeforeEach
    void setUp() throws Exception {
        twilio.start();
        twilio.stubFor(WireMock.post(WireMock.urlPathMatching("/2010-04-01/Accounts/AC0123/Calls/CA1\\.json"))
                .willReturn(WireMock.okJson("{\"sid\":\"CA1\"}").withFixedDelay(300)));
        WebSocketSession socket = mock(WebSocketSession.class);
        when(socket.isOpen()).thenAnswer(i -> open.get());
        when(socket.getId()).thenReturn("socket-1");
        doAnswer(i -> {
            sent.add(JSON.readTree(((TextMessage) i.getArgument(0)).getPayload()));
            return null;
        }).when(socket).sendMessage(any());
        doAnswer(i -> {
            open.set(false);
            return null;
        }).when(socket).close(any());
        TwilioAccounts accounts = new TwilioAccounts((organization, provider) -> Optional.of(new ProviderSecret(
                Provider.TWILIO, Map.of("accountSid", SID, "authToken", TOKEN), ProviderSecret.Source.ORGANIZATION)),
                new MockEnvironment());
        TwilioCallControl control = new TwilioCallControl(accounts, new TwilioRestClient(twilio::baseUrl));
        transport = new TwilioMediaTransport(socket, control, "acme", new MediaStreamCodec());
        transport.started("MZ1", "CA1");
    }

    @AfterEach
    void tearDown() {
        twilio.stop();
    }

    private List<String> events() {
        return sent.stream().map(m -> m.path("event").asText()).toList();
    }

    @Test
    void givenAgentAudioAndABargeIn_whenSent_thenTwilioGetsMulawFramesMarksAndClear() {
        assertThat(transport.markPlayback("sentence-1", () -> { })).isTrue();
        transport.sendText("{\"type\":\"agent_speaking\",\"text\":\"Hello.\"}");
        transport.sendAudio(new byte[640]);
        transport.sendText("{\"type\":\"flush\"}");
        assertThat(transport.markPlayback("turn-2", () -> { })).isTrue();
        transport.sendText("{\"type\":\"agent_done\"}");
        transport.sendText("{\"type\":\"transcript\",\"final\":true,\"text\":\"hi\"}");

        assertThat(events()).containsExactly("mark", "media", "clear", "mark");
        assertThat(sent).allSatisfy(m -> assertThat(m.path("streamSid").asText()).isEqualTo("MZ1"));
        byte[] ulaw = Base64.getDecoder().decode(sent.get(1).path("media").path("payload").asText());
        assertThat(ulaw).hasSize(160);
        assertThat(sent.get(0).path("mark").path("name").asText()).isEqualTo("sentence-1");
        assertThat(sent.get(3).path("mark").path("name").asText()).isEqualTo("turn-2");
    }

    @Test
    void givenMarks_whenTwilioEchoesThem_thenEachIsReportedPlayedOnce_andAnEchoConfirmsTheMarksBeforeIt() {
        List<String> played = new CopyOnWriteArrayList<>();
        transport.markPlayback("sentence-1", () -> played.add("sentence-1"));
        transport.sendAudio(new byte[640]);
        transport.markPlayback("sentence-2", () -> played.add("sentence-2"));
        transport.sendAudio(new byte[640]);
        transport.markPlayback("turn-3", () -> played.add("turn-3"));

        transport.echoed("sentence-1");
        transport.echoed("sentence-1");
        assertThat(played).containsExactly("sentence-1");
        transport.echoed("turn-3");                            // sentence-2's echo went missing: turn-3 covers it
        transport.echoed("sentence-2");
        assertThat(played).containsExactly("sentence-1", "turn-3");
    }

    @Test
    void givenMarksPendingAtAClear_whenTwilioReturnsThem_thenNoneIsReportedPlayed_butLaterMarksAre() {
        List<String> played = new CopyOnWriteArrayList<>();
        transport.markPlayback("sentence-1", () -> played.add("sentence-1"));
        transport.sendAudio(new byte[640]);
        transport.markPlayback("sentence-2", () -> played.add("sentence-2"));
        transport.sendAudio(new byte[640]);
        transport.echoed("sentence-1");

        transport.sendText("{\"type\":\"flush\"}");
        transport.echoed("sentence-2");                        // Twilio answers a clear with the marks it dropped
        transport.markPlayback("sentence-3", () -> played.add("sentence-3"));
        transport.echoed("sentence-3");

        assertThat(events()).containsExactly("mark", "media", "mark", "media", "clear", "mark");
        assertThat(played).containsExactly("sentence-1", "sentence-3");
    }

    @Test
    void givenAClosedStream_whenAMarkIsAsked_thenItIsNotPlaced() {
        open.set(false);
        assertThat(transport.markPlayback("sentence-1", () -> { })).isFalse();
        assertThat(sent).isEmpty();
    }

    @Test
    void givenATransfer_whenTheSessionCloses_thenTheCallIsRedirectedToDialBeforeTheStreamCloses() {
        transport.sendText("{\"type\":\"transfer\",\"number\":\"+14155550100\"}");
        transport.sendText("{\"type\":\"ended\",\"reason\":\"TRANSFERRED\"}");
        transport.close(true, "TRANSFERRED");
        assertThat(open).as("the stream stays open until Twilio took the redirect").isTrue();

        await().atMost(Duration.ofSeconds(5)).until(() -> !open.get());
        twilio.verify(1, postRequestedFor(urlPathEqualTo("/2010-04-01/Accounts/AC0123/Calls/CA1.json"))
                .withBasicAuth(new com.github.tomakehurst.wiremock.client.BasicCredentials(SID, TOKEN))
                .withFormParam("Twiml", equalTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Dial>+14155550100</Dial></Response>")));
        twilio.verify(0, postRequestedFor(WireMock.anyUrl()).withFormParam("Status", equalTo("completed")));
    }

    @Test
    void givenThePlatformEndsTheCall_whenClosed_thenTwilioIsToldToHangUp() {
        transport.close(true, "MAX_DURATION");

        assertThat(open).isFalse();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> twilio.verify(1,
                postRequestedFor(urlPathEqualTo("/2010-04-01/Accounts/AC0123/Calls/CA1.json"))
                        .withFormParam("Status", equalTo("completed"))));
    }

    @Test
    void givenTwilioStoppedTheStream_whenClosed_thenNoRestCall() {
        transport.stopped();
        transport.close(true, "CALLER_HUNG_UP");

        assertThat(open).isFalse();
        // a hang-up would go out on a virtual thread: none arrives for a while
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2)).until(() -> twilio.getAllServeEvents().isEmpty());
    }

    @Test
    void givenAText_whenEscapedForTwiml_thenMarkupIsInert() {
        assertThat(TwiML.sayAndHangUp("<Play>&\"'")).contains("<Say>&lt;Play&gt;&amp;&quot;&apos;</Say>");
    }
}
