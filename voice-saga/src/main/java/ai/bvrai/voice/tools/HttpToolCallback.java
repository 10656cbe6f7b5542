package ai.bvrai.voice.tools;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.DefaultToolDefinition;
import org.springframework.ai.tool.definition.ToolDefinition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.bvrai.api.agent.AgentTool;
import ai.bvrai.voice.session.CallEvents;

/**
 * One organization-defined HTTP tool of a call. The model's arguments go to the tool's URL as
 * {@code POST {"tool", "callId", "agentId", "arguments"}} signed with the organization's webhook secret
 * ({@link ToolSignature}); a JSON answer (2xx) goes back to the model as the tool's result; anything else — no
 * signing secret, a refused address, a timeout, a non-2xx status, a body that is not JSON — goes back as
 * {@code {"error": "…"}} so the model can tell the caller. Either way the invocation is reported to the call.
 * <p>
 * Addresses: unless the operator allows private networks ({@code bvrai.tools.allow-private-networks}), a URL whose
 * host resolves to a loopback, link-local, site-local or wildcard address is refused — an agent's configuration must
 * not become a way to reach the platform's own network.
 */
final class HttpToolCallback implements ToolCallback {

    static final int MAX_RESULT_CHARS = 16_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AgentTool tool;
    private final String callId;
    private final String agentId;
    private final Optional<String> signingSecret;
    private final boolean allowPrivateNetworks;
    private final HttpClient http;
    private final CallEvents events;
    private final Clock clock;
    private final ToolDefinition definition;

    HttpToolCallback(AgentTool tool, String callId, String agentId, Optional<String> signingSecret,
                     boolean allowPrivateNetworks, HttpClient http, CallEvents events, Clock clock) {
        this.tool = tool;
        this.callId = callId;
        this.agentId = agentId;
        this.signingSecret = signingSecret;
        this.allowPrivateNetworks = allowPrivateNetworks;
        this.http = http;
        this.events = events;
        this.clock = clock;
        this.definition = new DefaultToolDefinition(tool.name(), tool.description(), json(tool.parameters()));
    }

    @Override
    public ToolDefinition getToolDefinition() {
        return definition;
    }

    @Override
    public String call(String toolInput) {
        long started = System.nanoTime();
        String arguments = toolInput == null || toolInput.isBlank() ? "{}" : toolInput;
        try {
            String result = invoke(arguments);
            events.toolInvoked(tool.name(), arguments, result, null, elapsedMs(started));
            return result;
        } catch (ToolFailure failure) {
            events.toolInvoked(tool.name(), arguments, null, failure.getMessage(), elapsedMs(started));
            return json(Map.of("error", failure.getMessage()));
        }
    }

    private String invoke(String arguments) {
        String secret = signingSecret.orElseThrow(() -> new ToolFailure(
                "the organization has no webhook signing secret, so its tools cannot be called"));
        JsonNode parsedArguments;
        try {
            parsedArguments = JSON.readTree(arguments);
        } catch (JsonProcessingException e) {
            throw new ToolFailure("the arguments were not valid JSON");
        }
        URI url = URI.create(tool.url());
        requireAllowedAddress(url);
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("tool", tool.name());
        envelope.put("callId", callId);
        envelope.put("agentId", agentId);
        envelope.put("arguments", parsedArguments);
        byte[] body = json(envelope).getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofMillis(tool.timeoutMs()))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("User-Agent", "BVRAI-Tools/1")
                .header(ToolSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(ToolSignature.SIGNATURE_HEADER, ToolSignature.sign(secret, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> response;
        try {
            response = http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .orTimeout(tool.timeoutMs(), java.util.concurrent.TimeUnit.MILLISECONDS)
                    .join();
        } catch (java.util.concurrent.CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException || cause instanceof java.util.concurrent.TimeoutException) {
                throw new ToolFailure("the tool did not answer within " + tool.timeoutMs() + " ms");
            }
            throw new ToolFailure("the tool could not be reached (" + (cause instanceof IOException
                    ? cause.getClass().getSimpleName() : String.valueOf(cause)) + ")");
        }
        if (response.statusCode() / 100 != 2) {
            throw new ToolFailure("the tool answered HTTP " + response.statusCode());
        }
        String answer = response.body() == null ? "" : response.body().strip();
        if (answer.isEmpty()) {
            return "{}";
        }
        try {
            JSON.readTree(answer);
        } catch (JsonProcessingException e) {
            throw new ToolFailure("the tool's answer was not JSON");
        }
        if (answer.length() > MAX_RESULT_CHARS) {
            throw new ToolFailure("the tool's answer was longer than " + MAX_RESULT_CHARS + " characters");
        }
        return answer;
    }

    private void requireAllowedAddress(URI url) {
        if (allowPrivateNetworks) {
            return;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(url.getHost())) {
                if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                        || address.isAnyLocalAddress() || address.isMulticastAddress()) {
                    throw new ToolFailure("the tool's address is in a private network, which this platform does not call");
                }
            }
        } catch (UnknownHostException e) {
            throw new ToolFailure("the tool's host name does not resolve");
        }
    }

    private static long elapsedMs(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Why a tool call failed, in words the model may repeat to the caller (no secrets, no internals). */
    private static final class ToolFailure extends RuntimeException {
        ToolFailure(String message) {
            super(message, null, false, false);
        }
    }
}
