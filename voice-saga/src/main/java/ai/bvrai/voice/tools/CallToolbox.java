package ai.bvrai.voice.tools;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.ai.tool.ToolCallback;

import ai.bvrai.api.agent.AgentConfiguration;
import ai.bvrai.api.agent.AgentTool;
import ai.bvrai.api.organization.Provider;
import ai.bvrai.infra.credentials.CredentialsResolver;
import ai.bvrai.voice.session.CallContext;
import ai.bvrai.voice.session.CallEvents;

/**
 * The tools a call's language model may use: the built-ins ({@code end_call}, {@code transfer_call} when the agent
 * has transfer numbers) and the agent's HTTP tools, signed with the call's own organization's webhook secret
 * (provider {@code webhooks}, else the platform default), never another organization's. A call's model may make
 * {@value #TOOL_CALLS_PER_CALL} tool calls in all.
 */
public final class CallToolbox {

    /** Tool calls one call's model may make in all (see {@link BudgetedToolCallback}). */
    static final int TOOL_CALLS_PER_CALL = 25;

    private final CredentialsResolver credentials;
    private final boolean allowPrivateNetworks;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(3))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    public CallToolbox(CredentialsResolver credentials, boolean allowPrivateNetworks, Clock clock) {
        this.credentials = credentials;
        this.allowPrivateNetworks = allowPrivateNetworks;
        this.clock = clock;
    }

    public List<ToolCallback> toolsFor(CallContext call, CallEvents events) {
        AgentConfiguration agent = call.configuration();
        List<ToolCallback> tools = new ArrayList<>();
        tools.add(BuiltInToolCallback.endCall(events));
        if (!agent.transferNumbers().isEmpty()) {
            tools.add(BuiltInToolCallback.transferCall(agent.transferNumbers(), events));
        }
        if (!agent.tools().isEmpty()) {
            Optional<String> secret = credentials.resolve(call.organizationId(), Provider.WEBHOOKS)
                    .flatMap(s -> s.field("signingSecret"));
            for (AgentTool tool : agent.tools()) {
                tools.add(new HttpToolCallback(tool, call.callId(), call.agentId(), secret, allowPrivateNetworks, http,
                        events, clock));
            }
        }
        AtomicInteger used = new AtomicInteger();
        return tools.stream().<ToolCallback>map(tool -> new BudgetedToolCallback(tool, used, TOOL_CALLS_PER_CALL, events))
                .toList();
    }
}
