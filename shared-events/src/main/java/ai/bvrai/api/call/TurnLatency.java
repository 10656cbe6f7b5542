package ai.bvrai.api.call;

/**
 * Timings of one agent turn, in milliseconds from the moment the caller's speech ended (end of turn
 * detected); null where a stage did not happen (e.g. the first message has no caller speech before it).
 *
 * @param endOfSpeechDetectedMs when silence long enough to end the caller's turn was seen (from the last voiced frame)
 * @param sttFinalMs            the final transcript of the caller's turn was available
 * @param firstReplyTextMs      the responder produced its first sentence
 * @param firstAudioSynthesizedMs the first synthesized audio of the reply was ready
 * @param firstAudioSentMs      the first reply audio frame left for the caller
 */
public record TurnLatency(Long endOfSpeechDetectedMs, Long sttFinalMs, Long firstReplyTextMs,
                          Long firstAudioSynthesizedMs, Long firstAudioSentMs) {
}
