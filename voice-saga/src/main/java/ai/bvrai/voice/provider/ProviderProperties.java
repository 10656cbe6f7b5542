package ai.bvrai.voice.provider;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the voice runtime uses cloud providers ({@code bvrai.voice.providers.*}). Keys and base URLs are not here:
 * they are the organization's (or the platform's defaults, {@code bvrai.providers.<provider>.*}).
 *
 * @param llmFirstAnswerTimeout    the longest wait for a language model's first streamed answer
 * @param breakerWindow            requests a circuit breaker judges the failure rate over
 * @param breakerMinimumCalls      requests before a breaker may open
 * @param breakerOpenFor           how long an open breaker sends everything to the fallback
 * @param attempts                 tries of an idempotent request (1 = no retry)
 * @param retryWait                pause between tries
 * @param deepgramEndpointingMs    Deepgram's endpointing (silence that finalizes a segment)
 * @param deepgramKeepAlive        how often Deepgram gets a KeepAlive when no audio is sent
 * @param deepgramFinalizeTimeout  the longest wait for Deepgram's finalized transcript at the end of a turn
 * @param elevenlabsModel          the ElevenLabs model ({@code eleven_flash_v2_5}: lowest latency)
 * @param ttsFirstAudioTimeout     the longest wait for a cloud synthesizer's first audio of a sentence
 */
@ConfigurationProperties("bvrai.voice.providers")
public record ProviderProperties(
        @DefaultValue("5s") Duration llmFirstAnswerTimeout,
        @DefaultValue("10") int breakerWindow,
        @DefaultValue("4") int breakerMinimumCalls,
        @DefaultValue("30s") Duration breakerOpenFor,
        @DefaultValue("2") int attempts,
        @DefaultValue("100ms") Duration retryWait,
        @DefaultValue("300") int deepgramEndpointingMs,
        @DefaultValue("4s") Duration deepgramKeepAlive,
        @DefaultValue("1500ms") Duration deepgramFinalizeTimeout,
        @DefaultValue("eleven_flash_v2_5") String elevenlabsModel,
        @DefaultValue("5s") Duration ttsFirstAudioTimeout) {
}
