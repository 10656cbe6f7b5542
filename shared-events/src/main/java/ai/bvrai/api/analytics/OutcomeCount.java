package ai.bvrai.api.analytics;

import ai.bvrai.api.call.EndReason;

/** How many ended calls ended for {@code reason}. */
public record OutcomeCount(EndReason reason, long calls) {
}
