package ai.bvrai.voice.tools;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.tool.ToolCallback;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import ai.bvrai.api.agent.AgentConfiguration;
import ai.bvrai.api.agent.AgentTool;
import ai.bvrai.api.agent.LlmSettings;
import ai.bvrai.api.agent.SttSettings;
import ai.bvrai.api.agent.VoiceSettings;
import ai.bvrai.api.call.PipelineStage;
import ai.bvrai.api.organization.Provider;
import ai.bvrai.infra.credentials.CredentialsResolver;
import ai.bvrai.infra.credentials.ProviderSecret;
import ai.bvrai.voice.session.CallContext;
import ai.bvrai.voice.session.CallEvents;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class CallToolboxTest {

    private static final String SECRET = "whsec-acme-0123456789";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T09:00:00Z"), ZoneOffset.UTC);

    private final WireMockServer tools = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private final CredentialsResolver credentials = mock(CredentialsResolver.class);
    private final Recorded events = new Recorded();

    @BeforeEach
    void start() {
        tools.start();
        when(credentials.resolve(eq("org-acme"), eq(Provider.WEBHOOKS))).thenReturn(Optional.of(
                new ProviderSecret(Provider.WEBHOOKS, Map.of("signingSecret", SECRET), ProviderSecret.Source.ORGANIZATION)));
    }

    @AfterEach
    void stop() {
        tools.stop();
    }

    private CallContext call(List<AgentTool> agentTools, List<String> transferNumbers) {
        AgentConfiguration agent = new AgentConfiguration("Desk", "Help.", "", "en-US", new VoiceSettings("freetts", "kevin16"),
                new SttSettings("vosk", "en"), new LlmSettings("openai", "gpt-4o-mini", 0.2, 200), 600, 30, 600,
                List.of(), "", Map.of(), agentTools, transferNumbers);
        return new CallContext("call-1", "org-acme", "agent-1", 1, agent, Map.of());
    }

    private AgentTool orderStatus(int timeoutMs) {
        return new AgentTool("order_status", "Looks up an order", Map.of("type", "object",
                "properties", Map.of("order", Map.of("type", "string"))), tools.baseUrl() + "/orders", timeoutMs);
    }

    private ToolCallback tool(CallToolbox toolbox, CallContext call, String name) {
        return toolbox.toolsFor(call, events).stream().filter(t -> t.getToolDefinition().name().equals(name))
                .findFirst().orElseThrow();
    }

    @Test
    void givenAnHttpTool_whenTheModelCallsIt_thenTheRequestIsSignedAndTheJsonAnswerGoesBackAndIsRecorded() {
        tools.stubFor(WireMock.post("/orders").willReturn(WireMock.okJson("{\"status\":\"shipped\"}")));
        CallToolbox toolbox = new CallToolbox(credentials, true, CLOCK);

        String result = tool(toolbox, call(List.of(orderStatus(2_000)), List.of()), "order_status").call("{\"order\":\"42\"}");

        assertThat(result).isEqualTo("{\"status\":\"shipped\"}");
        LoggedRequest request = tools.findAll(WireMock.postRequestedFor(WireMock.urlEqualTo("/orders"))).getFirst();
        long timestamp = Long.parseLong(request.getHeader(ToolSignature.TIMESTAMP_HEADER));
        assertThat(timestamp).isEqualTo(CLOCK.instant().getEpochSecond());
        assertThat(ToolSignature.verify(SECRET, timestamp, request.getBody(), request.getHeader(ToolSignature.SIGNATURE_HEADER)))
                .isTrue();
        assertThat(ToolSignature.verify("another-secret", timestamp, request.getBody(),
                request.getHeader(ToolSignature.SIGNATURE_HEADER))).isFalse();
        assertThat(new String(request.getBody(), StandardCharsets.UTF_8))
                .isEqualTo("{\"tool\":\"order_status\",\"callId\":\"call-1\",\"agentId\":\"agent-1\",\"arguments\":{\"order\":\"42\"}}");
        assertThat(events.tools).containsExactly("order_status|{\"order\":\"42\"}|{\"status\":\"shipped\"}|null");
    }

    @Test
    void givenASlowTool_whenCalled_thenTheModelIsToldItTimedOutAndTheErrorIsRecorded() {
        tools.stubFor(WireMock.post("/orders").willReturn(WireMock.okJson("{}").withFixedDelay(2_000)));
        CallToolbox toolbox = new CallToolbox(credentials, true, CLOCK);

        String result = tool(toolbox, call(List.of(orderStatus(200)), List.of()), "order_status").call("{}");

        assertThat(result).isEqualTo("{\"error\":\"the tool did not answer within 200 ms\"}");
        assertThat(events.tools).containsExactly("order_status|{}|null|the tool did not answer within 200 ms");
    }

    @Test
    void givenAToolThatFailsOrAnswersNoJson_whenCalled_thenTheModelGetsAnError() {
        tools.stubFor(WireMock.post("/orders").willReturn(WireMock.serverError()));
        CallToolbox toolbox = new CallToolbox(credentials, true, CLOCK);
        ToolCallback tool = tool(toolbox, call(List.of(orderStatus(2_000)), List.of()), "order_status");

        assertThat(tool.call("{}")).isEqualTo("{\"error\":\"the tool answered HTTP 500\"}");
        tools.stubFor(WireMock.post("/orders").willReturn(WireMock.ok("<html>oops</html>")));
        assertThat(tool.call("{}")).isEqualTo("{\"error\":\"the tool's answer was not JSON\"}");
    }

    @Test
    void givenAToolOnAPrivateAddress_whenPrivateNetworksAreNotAllowed_thenItIsNotCalled() {
        tools.stubFor(WireMock.post("/orders").willReturn(WireMock.okJson("{}")));
        CallToolbox toolbox = new CallToolbox(credentials, false, CLOCK);

        String result = tool(toolbox, call(List.of(orderStatus(2_000)), List.of()), "order_status").call("{}");

        assertThat(result).contains("private network");
        assertThat(tools.getAllServeEvents()).isEmpty();
    }

    @Test
    void givenAnOrganizationWithoutSigningSecret_whenAToolIsCalled_thenNothingIsSentUnsigned() {
        when(credentials.resolve(eq("org-acme"), eq(Provider.WEBHOOKS))).thenReturn(Optional.empty());
        CallToolbox toolbox = new CallToolbox(credentials, true, CLOCK);

        String result = tool(toolbox, call(List.of(orderStatus(2_000)), List.of()), "order_status").call("{}");

        assertThat(result).contains("no webhook signing secret");
        assertThat(tools.getAllServeEvents()).isEmpty();
    }

    @Test
    void givenTransferNumbers_whenTheModelTransfersToOneOfThem_thenTheTransferIsRequestedAndOthersAreRefused() {
        CallToolbox toolbox = new CallToolbox(credentials, true, CLOCK);
        CallContext call = call(List.of(), List.of("+14155550100"));
        ToolCallback transfer = tool(toolbox, call, AgentTool.TRANSFER_CALL);

        assertThat(transfer.getToolDefinition().inputSchema()).contains("+14155550100");
        assertThat(transfer.call("{\"number\":\"+19005551234\"}")).contains("error");
        assertThat(events.transfers).isEmpty();
        assertThat(transfer.call("{\"number\":\"+14155550100\"}")).contains("transferred");
        assertThat(events.transfers).containsExactly("+14155550100");
    }

    @Test
    void givenAnAgentWithoutTransferNumbers_thenOnlyEndCallIsBuiltIn_andEndCallAsksToEnd() {
        CallToolbox toolbox = new CallToolbox(credentials, true, CLOCK);
        List<ToolCallback> all = toolbox.toolsFor(call(List.of(), List.of()), events);

        assertThat(all).extracting(t -> t.getToolDefinition().name()).containsExactly(AgentTool.END_CALL);
        all.getFirst().call("{\"reason\":\"caller said goodbye\"}");
        assertThat(events.ends).isEqualTo(1);
        assertThat(events.tools).containsExactly(
                "end_call|{\"reason\":\"caller said goodbye\"}|{\"status\":\"the call ends after your reply has been spoken\"}|null");
    }

    @Test
    void givenAModelThatKeepsCallingTools_whenTheBudgetIsUsed_thenFurtherCallsAreRefusedWithoutReachingTheEndpoint() {
        tools.stubFor(WireMock.post("/orders").willReturn(WireMock.okJson("{}")));
        CallToolbox toolbox = new CallToolbox(credentials, true, CLOCK);
        ToolCallback tool = tool(toolbox, call(List.of(orderStatus(2_000)), List.of()), "order_status");

        for (int i = 0; i < CallToolbox.TOOL_CALLS_PER_CALL; i++) {
            assertThat(tool.call("{}")).isEqualTo("{}");
        }
        assertThat(tool.call("{}")).contains("already used its " + CallToolbox.TOOL_CALLS_PER_CALL + " tool calls");

        assertThat(tools.getAllServeEvents()).hasSize(CallToolbox.TOOL_CALLS_PER_CALL);
        assertThat(events.tools).hasSize(CallToolbox.TOOL_CALLS_PER_CALL + 1);
    }

    /** What the tools reported. */
    static final class Recorded implements CallEvents {
        final List<String> tools = new CopyOnWriteArrayList<>();
        final List<String> transfers = new CopyOnWriteArrayList<>();
        volatile int ends;

        @Override
        public void providerFailed(PipelineStage stage, String provider, String errorClass, String message,
                                   long latencyMs, String fallback) {
        }

        @Override
        public void toolInvoked(String toolName, String arguments, String result, String error, long durationMs) {
            tools.add(toolName + "|" + arguments + "|" + result + "|" + error);
        }

        @Override
        public void endRequested() {
            ends++;
        }

        @Override
        public void transferRequested(String number) {
            transfers.add(number);
        }
    }
}
