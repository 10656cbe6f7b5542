package ai.bvrai.api.call;

/**
 * How quickly the agent answered during one call, over the agent turns that measured it (ms from the end of
 * the caller's speech; null when no turn measured that stage). Percentiles are nearest-rank.
 *
 * @param measuredTurns        agent turns with a first-audio-sent time
 * @param firstAudioSentP50Ms  the median time until the first reply audio left for the caller
 */
public record CallLatencySummary(int measuredTurns, Long firstAudioSentP50Ms, Long firstAudioSentP95Ms,
                                 Long firstAudioSentMaxMs, Long sttFinalP50Ms, Long firstReplyTextP50Ms,
                                 Long firstAudioSynthesizedP50Ms) {
}
