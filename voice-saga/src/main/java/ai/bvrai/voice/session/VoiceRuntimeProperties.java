package ai.bvrai.voice.session;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Timings and texts of the voice runtime ({@code bvrai.voice.*}).
 *
 * @param nodeId                  this node's name in {@code ConnectCallCommand} and in its event processor
 *                                ({@code voice-sessions-<nodeId>}); defaults to the host name
 * @param vadThreshold            a frame with at least this speech probability is voiced
 * @param endOfTurnSilence        unvoiced audio after speech that ends the caller's turn, for agents that set none
 * @param interruptionMinSpeech   voiced audio after which caller speech over the agent may interrupt it
 * @param interruptionForceSpeech voiced audio that interrupts the agent whatever the transcript says
 * @param maxPlayoutLead          how far agent audio is sent ahead of the caller's playback
 * @param engineTimeout           the longest wait for the responder's next sentence or one sentence's synthesis
 * @param maxConsecutiveFailures  engine failures in a row after which the call ends with ERROR
 * @param fallbackMessage         said when an engine failed once
 * @param goodbyeMessage          said when the caller used an end-call phrase
 * @param recordingDirectory      scratch space for recordings in progress
 * @param contextTokens           the language model's conversation budget (answer included) for agents that set
 *                                none ({@code llm.contextTokens})
 */
@ConfigurationProperties("bvrai.voice")
public record VoiceRuntimeProperties(
        String nodeId,
        @DefaultValue("0.5") float vadThreshold,
        @DefaultValue("600ms") Duration endOfTurnSilence,
        @DefaultValue("300ms") Duration interruptionMinSpeech,
        @DefaultValue("1200ms") Duration interruptionForceSpeech,
        @DefaultValue("200ms") Duration maxPlayoutLead,
        @DefaultValue("15s") Duration engineTimeout,
        @DefaultValue("2") int maxConsecutiveFailures,
        @DefaultValue("Sorry, I had a problem. Could you say that again?") String fallbackMessage,
        @DefaultValue("Thank you for calling. Goodbye!") String goodbyeMessage,
        Path recordingDirectory,
        @DefaultValue("8192") int contextTokens) {

    public VoiceRuntimeProperties {
        if (nodeId == null || nodeId.isBlank()) {
            nodeId = defaultNodeId();
        }
        if (recordingDirectory == null) {
            recordingDirectory = Path.of(System.getProperty("java.io.tmpdir"), "bvrai-recordings");
        }
    }

    /** The defaults, for tests and tools. */
    public static VoiceRuntimeProperties defaults() {
        return new VoiceRuntimeProperties(null, 0.5f, Duration.ofMillis(600), Duration.ofMillis(300),
                Duration.ofMillis(1200), Duration.ofMillis(200), Duration.ofSeconds(15), 2,
                "Sorry, I had a problem. Could you say that again?", "Thank you for calling. Goodbye!", null, 8192);
    }

    public VoiceRuntimeProperties withEngineTimeout(Duration timeout) {
        return new VoiceRuntimeProperties(nodeId, vadThreshold, endOfTurnSilence, interruptionMinSpeech,
                interruptionForceSpeech, maxPlayoutLead, timeout, maxConsecutiveFailures, fallbackMessage,
                goodbyeMessage, recordingDirectory, contextTokens);
    }

    private static String defaultNodeId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "node";
            }
        }
        return host.replaceAll("[^A-Za-z0-9-]", "-");
    }
}
