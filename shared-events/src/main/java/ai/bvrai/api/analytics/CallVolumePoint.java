package ai.bvrai.api.analytics;

import java.time.LocalDate;

/**
 * One point of the call volume series; every measure belongs to the calls <em>requested</em> in the bucket.
 *
 * @param hour         0–23 for hourly series, null for daily ones
 * @param durationMs   summed duration of the ended calls (connect to end)
 * @param userTalkMs   summed length of the caller's turns
 * @param agentTalkMs  summed length of the agent's turns as heard
 */
public record CallVolumePoint(LocalDate date, Integer hour, long calls, long connected, long ended,
                              long durationMs, long userTalkMs, long agentTalkMs, long turns) {
}
