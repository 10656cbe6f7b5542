package ai.bvrai.voice.transport.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.mock.env.MockEnvironment;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;

import ai.bvrai.api.MetadataKeys;
import ai.bvrai.api.call.CallDirection;
import ai.bvrai.api.call.CallLimits;
import ai.bvrai.api.call.CallRequestedEvent;
import ai.bvrai.api.call.DialedCallHangUpRequestedEvent;
import ai.bvrai.api.call.RecordCallDialedCommand;
import ai.bvrai.api.organization.Provider;
import ai.bvrai.infra.credentials.ProviderSecret;

/** The dialer against Twilio's REST API on WireMock: placing a call, recording its SID, ending it before it streams. */
class OutboundDialerTest {

    private static final String SID = "AC0123";
    private static final String CALLS = "/2010-04-01/Accounts/AC0123/Calls";

    private final WireMockServer twilio = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private OutboundDialer dialer;

    @BeforeEach
    void setUp() {
        twilio.start();
        twilio.stubFor(WireMock.post(urlPathEqualTo(CALLS + ".json"))
                .willReturn(WireMock.status(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"sid\":\"CA42\",\"status\":\"queued\"}")));
        twilio.stubFor(WireMock.post(urlPathEqualTo(CALLS + "/CA42.json")).willReturn(WireMock.okJson("{\"sid\":\"CA42\"}")));
        TwilioAccounts accounts = new TwilioAccounts((organization, provider) -> "acme".equals(organization)
                ? Optional.of(new ProviderSecret(Provider.TWILIO, Map.of("accountSid", SID, "authToken", "token"),
                        ProviderSecret.Source.ORGANIZATION))
                : Optional.empty(),
                new MockEnvironment().withProperty("bvrai.telephony.public-base-url", "https://voice.example.com"));
        dialer = new OutboundDialer(accounts, new TwilioRestClient(twilio::baseUrl));
    }

    @AfterEach
    void tearDown() {
        twilio.stop();
    }

    @Test
    void givenAnOutboundRequest_whenTwilioAcceptsIt_thenItsCallSidIsRecordedOnTheCall() {
        CommandGateway commands = mock(CommandGateway.class);
        when(commands.send(any(CommandMessage.class))).thenReturn(CompletableFuture.completedFuture(1L));

        dialer.on(new CallRequestedEvent("call-1", "acme", "agent-1", 1, CallDirection.OUTBOUND, "+14155550100",
                "+14155550123", Map.of(), new CallLimits(600, 30, 60), "UTC"), commands);

        ArgumentCaptor<CommandMessage<?>> sent = ArgumentCaptor.forClass(CommandMessage.class);
        verify(commands).send(sent.capture());
        assertThat(sent.getValue().getPayload()).isEqualTo(new RecordCallDialedCommand("call-1", "CA42"));
        assertThat(sent.getValue().getMetaData()).containsEntry(MetadataKeys.ORGANIZATION_ID, "acme");
    }

    @Test
    void givenADialedCallNotAnswered_whenItsHangUpIsRequested_thenTwilioIsToldToCancelIt() {
        dialer.on(new DialedCallHangUpRequestedEvent("call-1", "CA42", false), "acme");

        twilio.verify(1, postRequestedFor(urlPathEqualTo(CALLS + "/CA42.json")).withFormParam("Status", equalTo("canceled")));
        twilio.verify(0, postRequestedFor(urlPathEqualTo(CALLS + "/CA42.json")).withFormParam("Status", equalTo("completed")));
    }

    @Test
    void givenADialedCallAnsweredButNotStreamed_whenItsHangUpIsRequested_thenTwilioIsToldToCompleteIt() {
        dialer.on(new DialedCallHangUpRequestedEvent("call-1", "CA42", true), "acme");

        twilio.verify(1, postRequestedFor(urlPathEqualTo(CALLS + "/CA42.json")).withFormParam("Status", equalTo("completed")));
    }

    @Test
    void givenAnOrganizationWithoutTwilioCredentials_whenAHangUpIsRequested_thenNothingIsSent() {
        dialer.on(new DialedCallHangUpRequestedEvent("call-1", "CA42", false), "globex");

        assertThat(twilio.getAllServeEvents()).isEmpty();
    }
}
